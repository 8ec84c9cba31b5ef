namespace PlugRpc.Diagnostics;

/// <summary>
/// One method's calls on one side, in one-second slots over the last <see cref="MethodWindow.Slots"/> seconds: counts,
/// errors and a duration histogram each, a slot cleared as its second comes round again.
/// </summary>
internal sealed class MethodSeries
{
    private readonly long[] seconds = new long[MethodWindow.Slots];
    private readonly long[] calls = new long[MethodWindow.Slots];
    private readonly long[] errors = new long[MethodWindow.Slots];
    private readonly int[][] durations = new int[MethodWindow.Slots][];

    public MethodSeries()
    {
        Array.Fill(seconds, -1);
        for (var i = 0; i < durations.Length; i++)
        {
            durations[i] = new int[DurationBuckets.Count];
        }
    }

    public void Record(long second, double milliseconds, bool error)
    {
        var slot = (int)(second % MethodWindow.Slots);
        lock (durations)
        {
            if (seconds[slot] != second)
            {
                seconds[slot] = second;
                calls[slot] = 0;
                errors[slot] = 0;
                Array.Clear(durations[slot]);
            }

            calls[slot]++;
            errors[slot] += error ? 1 : 0;
            durations[slot][DurationBuckets.Of(milliseconds)]++;
        }
    }

    /// <summary>The calls, errors and percentiles of the slots within the window ending at <paramref name="second"/>.</summary>
    public (long Calls, long Errors, TimeSpan? P50, TimeSpan? P99) Read(long second)
    {
        var merged = new long[DurationBuckets.Count];
        long total = 0, failed = 0;
        lock (durations)
        {
            for (var slot = 0; slot < MethodWindow.Slots; slot++)
            {
                if (seconds[slot] < 0 || seconds[slot] > second || second - seconds[slot] >= MethodWindow.Slots)
                {
                    continue;
                }

                total += calls[slot];
                failed += errors[slot];
                var counts = durations[slot];
                for (var b = 0; b < counts.Length; b++)
                {
                    merged[b] += counts[b];
                }
            }
        }

        return total == 0 ? (0, 0, null, null) : (total, failed, Percentile(merged, total, 0.50), Percentile(merged, total, 0.99));
    }

    private static TimeSpan Percentile(long[] counts, long total, double fraction)
    {
        var rank = Math.Max(1, (long)Math.Ceiling(total * fraction));
        long seen = 0;
        for (var b = 0; b < counts.Length; b++)
        {
            seen += counts[b];
            if (seen >= rank)
            {
                return DurationBuckets.MiddleOf(b);
            }
        }

        return DurationBuckets.MiddleOf(counts.Length - 1);
    }
}
