using PlugRpc.Bench.Contenders;

namespace PlugRpc.Bench.Runner;

/// <summary>
/// Every chosen contender × workload × shape, each contender's server in its own process. The contenders take
/// turns row by row (and round by round with --repeat), so that the rows a ratio compares were measured minutes
/// apart at most, not at the two ends of the run: on a shared machine the floor itself moves by a third.
/// </summary>
internal static class BenchRunner
{
    public static async Task<IReadOnlyList<ResultRow>> RunAsync(BenchArguments arguments)
    {
        var contenders = Contender.All.Where(c => arguments.Contenders is null || arguments.Contenders.Contains(c.Id)).ToList();
        var workloads = Workload.All.Where(w => arguments.Workloads is null || arguments.Workloads.Contains(w.Name)).ToList();
        var shapes = arguments.Concurrency?.Select(Shape.Parse).ToList() ?? [.. Shape.All];
        var servers = new List<(Contender Contender, string Address, ServerProcess Process)>();
        try
        {
            foreach (var contender in contenders)
            {
                var address = contender.NewAddress();
                servers.Add((contender, address, await ServerProcess.StartAsync(contender.ServerKind, address)));
            }

            var measured = new List<ResultRow>();
            for (var round = 1; round <= arguments.Repeat; round++)
            {
                foreach (var workload in workloads)
                {
                    foreach (var shape in shapes)
                    {
                        foreach (var (contender, address, server) in servers)
                        {
                            await using var client = await contender.ConnectAsync(address, shape.Connections);
                            var row = await Measurement.RunAsync(
                                contender.Name, client, server, workload, shape,
                                TimeSpan.FromSeconds(arguments.WarmupSeconds), TimeSpan.FromSeconds(arguments.DurationSeconds));
                            Console.Error.WriteLine($"{row.Contender,-17} {row.Workload,-8} {shape.Name,-6} {row.CallsPerSec,12:N0} calls/s  p50 {row.P50Us,7:F0} µs  p99 {row.P99Us,7:F0} µs  (round {round})");
                            measured.Add(row);
                        }
                    }
                }
            }

            return Medians(measured);
        }
        finally
        {
            foreach (var (_, _, process) in servers)
            {
                await process.DisposeAsync();
            }
        }
    }

    /// <summary>For each contender, workload and shape, the round with the median calls/s, in contender order.</summary>
    private static List<ResultRow> Medians(List<ResultRow> measured) =>
        measured
            .GroupBy(row => (row.Contender, row.Workload, row.Concurrency, row.Connections))
            .Select(rounds => rounds.OrderBy(row => row.CallsPerSec).ElementAt(rounds.Count() / 2))
            .OrderBy(row => measured.FindIndex(first => first.Contender == row.Contender))
            .ToList();
}
