using System.Threading.RateLimiting;

namespace PlugRpc.Filters.RateLimit;

/// <summary>
/// One limit in force: a token bucket for everyone, or one per caller. The shared bucket is filled by a timer of
/// its own every 100 ms (and on a refusal, just before it) and takes no allocation per call; per-caller buckets
/// live in a partitioned limiter, whose one timer fills them all and drops those idle for a while.
/// </summary>
internal sealed class CallLimit : IDisposable
{
    private static readonly TimeSpan FillEvery = TimeSpan.FromMilliseconds(100);
    private readonly TokenBucketRateLimiter? everyone;
    private readonly Timer? filler;
    private readonly PartitionedRateLimiter<string>? perCaller;

    public CallLimit(LimitSpec spec, bool partitioned)
    {
        Spec = spec;
        var bucket = spec.ToBucket();
        if (partitioned)
        {
            Func<string, RateLimiter> create = _ => new TokenBucketRateLimiter(bucket);
            perCaller = PartitionedRateLimiter.Create<string, string>(partition => new RateLimitPartition<string>(partition, create));
        }
        else
        {
            everyone = new TokenBucketRateLimiter(bucket);
            filler = new Timer(static limiter => ((TokenBucketRateLimiter)limiter!).TryReplenish(), everyone, FillEvery, FillEvery);
        }
    }

    public LimitSpec Spec { get; }

    /// <summary>Takes a permit if one is free now and nobody is queued before us.</summary>
    /// <param name="partition">The caller, when limited per caller; ignored otherwise.</param>
    public bool TryAcquire(string partition)
    {
        if (everyone is null)
        {
            using var lease = perCaller!.AttemptAcquire(partition);
            return lease.IsAcquired;
        }

        if (Take(everyone))
        {
            return true;
        }

        everyone.TryReplenish();
        return Take(everyone);
    }

    /// <summary>Waits in the queue for a permit; false at once when the queue is full.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while waiting.</exception>
    public async ValueTask<bool> WaitAsync(string partition, CancellationToken cancellationToken)
    {
        using var lease = everyone is null
            ? await perCaller!.AcquireAsync(partition, 1, cancellationToken).ConfigureAwait(false)
            : await everyone.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        return lease.IsAcquired;
    }

    /// <summary>The refusal of a call over the limit with the queue full.</summary>
    public RpcException Exceeded(string target) =>
        new(RpcStatusCode.ResourceExhausted, $"rate limit of {Spec.Rate} calls per second exceeded for {target}");

    public void Dispose()
    {
        filler?.Dispose();
        everyone?.Dispose();
        perCaller?.Dispose();
    }

    private static bool Take(RateLimiter limiter)
    {
        using var lease = limiter.AttemptAcquire();
        return lease.IsAcquired;
    }
}
