namespace PlugRpc.Client;

/// <summary>
/// Caps retries (and backup requests) at a fraction of the calls made over a sliding window, plus a few always
/// allowed, so that a failing fleet is not hammered by every caller retrying (Kitex's retry circuit, gRPC's retry
/// throttling). The window is ten buckets; counting is an atomic add on the current bucket.
/// </summary>
internal sealed class RetryBudget
{
    private const int Buckets = 10;
    private readonly long bucketMs;
    private readonly double ratio;
    private readonly int minimum;
    private readonly long[] calls = new long[Buckets];
    private readonly long[] retries = new long[Buckets];
    private readonly long[] stamps = new long[Buckets];

    public RetryBudget(double ratio, int minimum, TimeSpan window)
    {
        this.ratio = ratio;
        this.minimum = minimum;
        bucketMs = Math.Max(1, (long)window.TotalMilliseconds / Buckets);
    }

    public void RecordCall() => Interlocked.Increment(ref calls[Current()]);

    /// <summary>Takes one retry from the budget if it has one left.</summary>
    public bool TryRetry()
    {
        var now = Current();
        long callSum = 0, retrySum = 0;
        var oldest = (Environment.TickCount64 / bucketMs) - Buckets;
        for (var i = 0; i < Buckets; i++)
        {
            if (Volatile.Read(ref stamps[i]) > oldest)
            {
                callSum += Volatile.Read(ref calls[i]);
                retrySum += Volatile.Read(ref retries[i]);
            }
        }

        if (retrySum >= Math.Max(minimum, (long)(callSum * ratio)))
        {
            return false;
        }

        Interlocked.Increment(ref retries[now]);
        return true;
    }

    /// <summary>The bucket for now, emptied first when it last served an earlier stretch of time.</summary>
    private int Current()
    {
        var tick = Environment.TickCount64 / bucketMs;
        var index = (int)(tick % Buckets);
        var stamp = Volatile.Read(ref stamps[index]);
        if (stamp != tick && Interlocked.CompareExchange(ref stamps[index], tick, stamp) == stamp)
        {
            Volatile.Write(ref calls[index], 0);
            Volatile.Write(ref retries[index], 0);
        }

        return index;
    }
}
