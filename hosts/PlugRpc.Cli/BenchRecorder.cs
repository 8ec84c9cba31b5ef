using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using HdrHistogram;

namespace PlugRpc.Cli;

/// <summary>Collects how each of the bench's calls ended and how long it took, from every worker at once.</summary>
internal sealed class BenchRecorder
{
    /// <summary>Latencies above this (in microseconds) are recorded as this: ten minutes.</summary>
    private const long HighestUs = 600_000_000;

    private readonly LongConcurrentHistogram latencies = new(1, HighestUs, 3);
    private readonly ConcurrentDictionary<RpcStatusCode, StrongBox<long>> failed = new();
    private long calls;
    private long ok;
    private long wrong;

    /// <summary>Calls ended so far, answered or failed.</summary>
    public long Calls => Interlocked.Read(ref calls);

    /// <summary>Calls failed so far.</summary>
    public long Failures => Calls - Interlocked.Read(ref ok);

    public void Succeeded(TimeSpan latency, bool right)
    {
        Record(latency);
        Interlocked.Increment(ref ok);
        if (!right)
        {
            Interlocked.Increment(ref wrong);
        }
    }

    public void Failed(TimeSpan latency, RpcStatusCode status)
    {
        Record(latency);
        Interlocked.Increment(ref failed.GetOrAdd(status, static _ => new StrongBox<long>()).Value);
    }

    public BenchResult Result(TimeSpan elapsed, IReadOnlyDictionary<string, long> perInstance)
    {
        var total = Interlocked.Read(ref calls);
        return new BenchResult(
            total,
            Interlocked.Read(ref ok),
            new SortedDictionary<string, long>(failed.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value.Value), StringComparer.Ordinal),
            total / elapsed.TotalSeconds,
            total > 0 ? latencies.GetValueAtPercentile(50) : 0,
            total > 0 ? latencies.GetValueAtPercentile(99) : 0,
            perInstance,
            Interlocked.Read(ref wrong));
    }

    private void Record(TimeSpan latency)
    {
        Interlocked.Increment(ref calls);
        latencies.RecordValue(Math.Clamp((long)latency.TotalMicroseconds, 1, HighestUs));
    }
}
