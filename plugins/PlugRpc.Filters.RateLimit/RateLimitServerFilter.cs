using System.Net;

namespace PlugRpc.Filters.RateLimit;

/// <summary>
/// Limits the calls a server serves, per method and, with perCaller, per caller (<see cref="CallContext.Caller"/>
/// as the auth filter set it, else the caller's host): a call over the limit waits in the queue until its deadline
/// or, with the queue full, is refused at once with ResourceExhausted.
/// </summary>
public sealed class RateLimitServerFilter : IServerFilter, IDisposable
{
    /// <summary>How far before its deadline a call whose token fired still counts as timed out (the clocks may differ a little).</summary>
    private static readonly TimeSpan DeadlineSlack = TimeSpan.FromMilliseconds(20);
    private const string Side = "server";
    private readonly RateLimits limits;
    private readonly bool perCaller;

    /// <exception cref="Plugins.PluginSettingsException"><paramref name="options"/> are wrong, naming the setting.</exception>
    public RateLimitServerFilter(RateLimitOptions options)
        : this(RateLimitSettings.From(options))
    {
    }

    internal RateLimitServerFilter(RateLimitSettings settings)
    {
        limits = new RateLimits(settings, settings.PerCaller);
        perCaller = settings.PerCaller;
    }

    public ValueTask InvokeAsync(CallContext context, ServerCallHandler next)
    {
        var limit = limits.For(context.ServiceName, context.MethodName);
        var partition = perCaller ? CallerOf(context) : RateLimits.Everyone;
        if (limit.TryAcquire(partition))
        {
            return next(context);
        }

        return limit.Spec.Queue > 0 ? WaitThenCallAsync(limit, partition, context, next) : throw Refused(limit, context, partition);
    }

    public void Dispose() => limits.Dispose();

    /// <summary>Who the call is limited as: its caller's identity, else the host it comes from.</summary>
    private static string CallerOf(CallContext context) =>
        context.Caller ?? (IPEndPoint.TryParse(context.RemoteEndPoint, out var endPoint) ? endPoint.Address.ToString() : context.RemoteEndPoint);

    private static async ValueTask WaitThenCallAsync(CallLimit limit, string partition, CallContext context, ServerCallHandler next)
    {
        var token = context.CancellationToken;
        var deadline = context.Deadline;
        var left = deadline is { } due ? due - DateTime.UtcNow : Timeout.InfiniteTimeSpan;
        if (deadline is not null && left <= TimeSpan.Zero)
        {
            throw TimedOut(context, partition);
        }

        bool acquired;
        using (var expiry = deadline is null ? null : CancellationTokenSource.CreateLinkedTokenSource(token))
        {
            expiry?.CancelAfter(left);
            try
            {
                acquired = await limit.WaitAsync(partition, expiry?.Token ?? token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (PastDeadline(deadline, token))
            {
                throw TimedOut(context, partition);
            }
        }

        if (!acquired)
        {
            throw Refused(limit, context, partition);
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>Whether a wait cancelled ended for the deadline (ours fired, or the call's token at about its deadline), not a closed connection.</summary>
    private static bool PastDeadline(DateTime? deadline, CancellationToken token) =>
        deadline is { } due && (!token.IsCancellationRequested || DateTime.UtcNow >= due - DeadlineSlack);

    private static string Target(CallContext context, string partition) =>
        partition.Length == 0 ? $"{context.ServiceName}.{context.MethodName}" : $"{context.ServiceName}.{context.MethodName} by {partition}";

    private static RpcException Refused(CallLimit limit, CallContext context, string partition) =>
        RateLimitMetrics.Rejected(limit.Exceeded(Target(context, partition)), Side, context, RateLimitMetrics.QueueFull);

    private static RpcException TimedOut(CallContext context, string partition) => RateLimitMetrics.Rejected(
        new(RpcStatusCode.DeadlineExceeded, $"{RpcErrors.RequestTimedOut}: the deadline passed while {Target(context, partition)} waited in the rate limit's queue"),
        Side,
        context,
        RateLimitMetrics.Deadline);
}
