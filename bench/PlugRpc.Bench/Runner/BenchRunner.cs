using PlugRpc.Bench.Contenders;

namespace PlugRpc.Bench.Runner;

/// <summary>Every chosen contender × workload × shape, each contender's server in its own process.</summary>
internal static class BenchRunner
{
    public static async Task<IReadOnlyList<ResultRow>> RunAsync(BenchArguments arguments)
    {
        var contenders = Contender.All.Where(c => arguments.Contenders is null || arguments.Contenders.Contains(c.Id)).ToList();
        var workloads = Workload.All.Where(w => arguments.Workloads is null || arguments.Workloads.Contains(w.Name)).ToList();
        var shapes = arguments.Concurrency?.Select(Shape.Parse).ToList() ?? [.. Shape.All];
        var rows = new List<ResultRow>();
        foreach (var contender in contenders)
        {
            var address = contender.NewAddress();
            await using var server = await ServerProcess.StartAsync(contender.ServerKind, address);
            foreach (var shape in shapes)
            {
                await using var client = await contender.ConnectAsync(address, shape.Connections);
                foreach (var workload in workloads)
                {
                    var row = await Measurement.RunAsync(
                        contender.Name, client, server, workload, shape,
                        TimeSpan.FromSeconds(arguments.WarmupSeconds), TimeSpan.FromSeconds(arguments.DurationSeconds));
                    Console.Error.WriteLine($"{row.Contender,-17} {row.Workload,-8} {shape.Name,-6} {row.CallsPerSec,12:N0} calls/s  p50 {row.P50Us,7:F0} µs  p99 {row.P99Us,7:F0} µs");
                    rows.Add(row);
                }
            }
        }

        return rows;
    }
}
