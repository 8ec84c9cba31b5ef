namespace PlugRpc.Filters.RateLimit;

/// <summary>
/// Limits the calls a client makes, per method: a call over the limit waits in the queue (within its own deadline
/// and cancellation) or, with the queue full, fails at once with ResourceExhausted. perCaller means nothing here.
/// </summary>
public sealed class RateLimitClientFilter : IClientFilter, IDisposable
{
    private const string Side = "client";
    private readonly RateLimits limits;

    /// <exception cref="Plugins.PluginSettingsException"><paramref name="options"/> are wrong, naming the setting.</exception>
    public RateLimitClientFilter(RateLimitOptions options)
        : this(RateLimitSettings.From(options))
    {
    }

    internal RateLimitClientFilter(RateLimitSettings settings)
    {
        limits = new RateLimits(settings, perCaller: false);
    }

    public ValueTask InvokeAsync(ClientCallContext context, ClientCallHandler next)
    {
        var limit = limits.For(context.ServiceName, context.MethodName);
        if (limit.TryAcquire(RateLimits.Everyone))
        {
            return next(context);
        }

        return limit.Spec.Queue > 0 ? WaitThenCallAsync(limit, context, next) : throw Refused(limit, context);
    }

    public void Dispose() => limits.Dispose();

    private static async ValueTask WaitThenCallAsync(CallLimit limit, ClientCallContext context, ClientCallHandler next)
    {
        var left = context.TimeLeft;
        context.CancellationToken.ThrowIfCancellationRequested();
        if (left <= TimeSpan.Zero)
        {
            throw TimedOut(context);
        }

        bool acquired;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken))
        {
            deadline.CancelAfter(left);
            try
            {
                acquired = await limit.WaitAsync(RateLimits.Everyone, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
            {
                throw TimedOut(context);
            }
        }

        if (!acquired)
        {
            throw Refused(limit, context);
        }

        await next(context).ConfigureAwait(false);
    }

    private static RpcException Refused(CallLimit limit, ClientCallContext context) =>
        RateLimitMetrics.Rejected(limit.Exceeded(context.ToString()), Side, context, RateLimitMetrics.QueueFull);

    private static RpcException TimedOut(ClientCallContext context) => RateLimitMetrics.Rejected(
        new(RpcStatusCode.DeadlineExceeded, $"{context} timed out after {context.Timeout.TotalMilliseconds:0} ms waiting in the rate limit's queue"),
        Side,
        context,
        RateLimitMetrics.Deadline);
}
