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

            var measured = new List<(int Round, ResultRow Row)>();
            for (var round = 1; round <= arguments.Repeat; round++)
            {
                foreach (var workload in workloads)
                {
                    foreach (var shape in shapes)
                    {
                        foreach (var (contender, address, server) in servers.Where(s => s.Contender.Measures(workload)))
                        {
                            await using var client = await contender.ConnectAsync(address, shape.Connections);
                            var row = await Measurement.RunAsync(
                                contender.Name, client, server, workload, shape,
                                TimeSpan.FromSeconds(arguments.WarmupSeconds), TimeSpan.FromSeconds(arguments.DurationSeconds));
                            Console.Error.WriteLine($"{row.Contender,-17} {row.Workload,-8} {shape.Name,-6} {row.CallsPerSec,12:N0} calls/s  p50 {row.P50Us,7:F0} µs  p99 {row.P99Us,7:F0} µs  (round {round})");
                            measured.Add((round, row));
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

    /// <summary>
    /// For each contender, workload and shape, the round with the median calls/s, in contender order, with the
    /// median of its ratios to the floor round by round: the machine's speed moves between rounds (on this VM
    /// latency at one call in flight is bimodal, round by round, for every contender), and a ratio of two medians
    /// can pair a fast round with a slow one where the ratio within each round does not.
    /// </summary>
    private static List<ResultRow> Medians(List<(int Round, ResultRow Row)> measured)
    {
        var floors = measured
            .Where(m => m.Row.Contender == FloorContender.DisplayName)
            .ToDictionary(m => (m.Round, m.Row.Workload, m.Row.Concurrency, m.Row.Connections), m => m.Row.CallsPerSec);
        return measured
            .GroupBy(m => (m.Row.Contender, m.Row.Workload, m.Row.Concurrency, m.Row.Connections))
            .Select(rounds =>
            {
                var median = Median(rounds.Select(m => m.Row).ToList(), row => row.CallsPerSec);
                var ratios = rounds
                    .Where(m => floors.ContainsKey((m.Round, m.Row.Workload, m.Row.Concurrency, m.Row.Connections)))
                    .Select(m => m.Row.CallsPerSec / floors[(m.Round, m.Row.Workload, m.Row.Concurrency, m.Row.Connections)])
                    .ToList();
                return median with { VsFloor = ratios.Count == 0 ? null : Median(ratios, ratio => ratio) };
            })
            .OrderBy(row => measured.FindIndex(first => first.Row.Contender == row.Contender))
            .ToList();
    }

    private static T Median<T>(List<T> values, Func<T, double> by) => values.OrderBy(by).ElementAt(values.Count / 2);
}
