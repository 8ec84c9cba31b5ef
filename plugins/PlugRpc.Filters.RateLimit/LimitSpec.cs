using System.Globalization;
using System.Threading.RateLimiting;

namespace PlugRpc.Filters.RateLimit;

/// <summary>
/// One limit, checked: a token bucket of <see cref="Burst"/> tokens filling smoothly at <see cref="PermitsPerSecond"/>
/// (by the time elapsed, counted at least every 100 ms), with <see cref="Queue"/> calls waiting for a token, oldest first.
/// </summary>
internal sealed record LimitSpec(double PermitsPerSecond, int Queue, int Burst)
{
    /// <summary>A fifth of a second's permits, at least 1: holds what fills between two counts, even a late one, and keeps bursts small.</summary>
    public static int DefaultBurst(double permitsPerSecond) => (int)Math.Max(1, Math.Ceiling(permitsPerSecond / 5));

    public string Rate => PermitsPerSecond.ToString("0.###", CultureInfo.InvariantCulture);

    public TokenBucketRateLimiterOptions ToBucket()
    {
        // Only the ratio counts: without auto-replenishment the bucket fills by the time elapsed at this rate.
        var tokensPerPeriod = (int)Math.Max(1, Math.Ceiling(PermitsPerSecond / 100));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = Burst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokensPerPeriod / PermitsPerSecond),
            AutoReplenishment = false,
            QueueLimit = Queue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        };
    }
}
