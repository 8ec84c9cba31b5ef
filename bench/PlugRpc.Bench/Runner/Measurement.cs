using System.Diagnostics;
using HdrHistogram;
using PlugRpc.Bench.Contenders;

namespace PlugRpc.Bench.Runner;

/// <summary>
/// Runs one workload at one shape against a connected client: workers keep their share of the calls in flight,
/// first for the warm-up, then for the measured duration, recording every call's latency without allocating.
/// </summary>
internal static class Measurement
{
    public static async Task<ResultRow> RunAsync(
        string contender, IBenchClient client, ServerProcess server, Workload workload, Shape shape, TimeSpan warmup, TimeSpan duration)
    {
        await RunWorkersAsync(client, workload, shape, warmup, record: false);
        var (serverAllocBefore, serverCpuBefore) = await server.StatsAsync();
        var clientAllocBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();

        var (calls, latencies) = await RunWorkersAsync(client, workload, shape, duration, record: true);

        var elapsed = Stopwatch.GetElapsedTime(started);
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;
        var clientAlloc = GC.GetTotalAllocatedBytes(precise: true) - clientAllocBefore;
        var (serverAllocAfter, serverCpuAfter) = await server.StatsAsync();
        double Us(double percentile) => latencies.GetValueAtPercentile(percentile) * 1e6 / Stopwatch.Frequency;
        return new ResultRow(
            contender,
            workload.Name,
            shape.Concurrency,
            shape.Connections,
            calls / elapsed.TotalSeconds,
            Us(50),
            Us(99),
            Us(99.9),
            (double)clientAlloc / calls,
            (double)(serverAllocAfter - serverAllocBefore) / calls,
            (clientCpu + (serverCpuAfter - serverCpuBefore)).TotalMicroseconds / calls);
    }

    private static async Task<(long Calls, LongHistogram Latencies)> RunWorkersAsync(
        IBenchClient client, Workload workload, Shape shape, TimeSpan duration, bool record)
    {
        using var stop = new CancellationTokenSource(duration);
        var histograms = Enumerable.Range(0, shape.Concurrency).Select(_ => new LongHistogram(Stopwatch.Frequency * 10, 3)).ToArray();
        var counts = new long[shape.Concurrency];
        var workers = Enumerable.Range(0, shape.Concurrency)
            .Select(i => Task.Run(() => WorkAsync(client, workload, i % shape.Connections, histograms[i], counts, i, record, stop.Token)))
            .ToArray();
        await Task.WhenAll(workers);
        var merged = histograms[0];
        foreach (var histogram in histograms.Skip(1))
        {
            merged.Add(histogram);
        }

        return (counts.Sum(), merged);
    }

    private static async Task WorkAsync(
        IBenchClient client, Workload workload, int connection, LongHistogram histogram, long[] counts, int index, bool record, CancellationToken stop)
    {
        long calls = 0;
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            await client.CallAsync(connection, workload);
            if (record)
            {
                histogram.RecordValue(Math.Min(Stopwatch.GetTimestamp() - started, Stopwatch.Frequency * 10));
            }

            calls++;
        }

        counts[index] = calls;
    }
}
