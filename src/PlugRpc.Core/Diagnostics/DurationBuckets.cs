namespace PlugRpc.Diagnostics;

/// <summary>
/// Durations in buckets an eighth of a power of two wide, from a microsecond to past two minutes: a bucket's middle is
/// within about 5 % of any duration in it.
/// </summary>
internal static class DurationBuckets
{
    public const int Count = 224;
    private const double PerDoubling = 8;

    public static int Of(double milliseconds)
    {
        var microseconds = milliseconds * 1000;
        if (!(microseconds > 1))
        {
            return 0;
        }

        var bucket = (int)(Math.Log2(microseconds) * PerDoubling);
        return bucket < Count ? bucket : Count - 1;
    }

    /// <summary>The geometric middle of bucket <paramref name="bucket"/>.</summary>
    public static TimeSpan MiddleOf(int bucket) =>
        TimeSpan.FromMicroseconds(Math.Pow(2, (bucket + 0.5) / PerDoubling));
}
