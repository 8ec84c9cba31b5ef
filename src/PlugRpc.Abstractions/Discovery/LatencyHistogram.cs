namespace PlugRpc.Discovery;

/// <summary>
/// Recent latencies in buckets a quarter power of two wide (from 16 µs to past a minute), halved now and then so
/// that old samples fade: enough for a percentile to within about 20 %, at one atomic add per sample.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int Buckets = 96;
    private const int MinimumSamples = 20;
    private const int HalveAfter = 2048;
    private const double SmallestMicroseconds = 16;
    private readonly int[] counts = new int[Buckets];
    private int total;

    public void Record(TimeSpan latency)
    {
        Interlocked.Increment(ref counts[BucketOf(latency)]);
        if (Interlocked.Increment(ref total) == HalveAfter)
        {
            var kept = 0;
            for (var i = 0; i < Buckets; i++)
            {
                var halved = Volatile.Read(ref counts[i]) / 2;
                Volatile.Write(ref counts[i], halved);
                kept += halved;
            }

            Volatile.Write(ref total, kept);
        }
    }

    public TimeSpan? Percentile(double fraction)
    {
        var sum = 0;
        for (var i = 0; i < Buckets; i++)
        {
            sum += Volatile.Read(ref counts[i]);
        }

        if (sum < MinimumSamples)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(sum * fraction);
        var seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += Volatile.Read(ref counts[i]);
            if (seen >= rank)
            {
                return UpperBoundOf(i);
            }
        }

        return UpperBoundOf(Buckets - 1);
    }

    private static int BucketOf(TimeSpan latency)
    {
        var micros = latency.TotalMicroseconds;
        if (micros <= SmallestMicroseconds)
        {
            return 0;
        }

        var bucket = (int)Math.Ceiling(Math.Log2(micros / SmallestMicroseconds) * 4);
        return Math.Min(bucket, Buckets - 1);
    }

    private static TimeSpan UpperBoundOf(int bucket) =>
        TimeSpan.FromMicroseconds(SmallestMicroseconds * Math.Pow(2, bucket / 4.0));
}
