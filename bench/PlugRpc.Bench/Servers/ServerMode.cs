using System.Diagnostics;
using System.Globalization;

namespace PlugRpc.Bench.Servers;

/// <summary>
/// The bench's server process: starts one contender's server, prints READY, then answers "stats" on standard
/// input with the bytes it has allocated and the CPU time it has used, until "quit" or end of input.
/// </summary>
internal static class ServerMode
{
    public static async Task<int> RunAsync(string kind, string address)
    {
        var stop = await BenchServers.StartAsync(kind, address, CancellationToken.None);
        Console.WriteLine($"READY {address}");
        string? line;
        while ((line = await Console.In.ReadLineAsync()) is not null && line != "quit")
        {
            if (line == "stats")
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime.Ticks;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"STATS {GC.GetTotalAllocatedBytes(precise: true)} {cpu}"));
            }
        }

        await stop();
        return 0;
    }
}
