using System.Diagnostics.Metrics;

namespace PlugRpc.Diagnostics;

/// <summary>Histogram bucket advice for exporters that take it: RPC latencies are often well under a millisecond.</summary>
internal static class Buckets
{
    public static InstrumentAdvice<double> Milliseconds { get; } = new()
    {
        HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
    };

    public static InstrumentAdvice<long> Bytes { get; } = new()
    {
        HistogramBucketBoundaries = [64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216],
    };
}
