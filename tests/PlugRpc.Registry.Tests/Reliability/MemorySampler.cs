using System.Diagnostics;
using PlugRpc.Client;
using PlugRpc.Fixtures.Ledger;

namespace PlugRpc.Registry.Tests.Reliability;

/// <summary>
/// The soak's memory readings at intervals: this process's (the client's) working set and GC heap after a full
/// collection, and each live host's as its LedgerService reports them, printed as they are taken.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly RpcClient client;
    private readonly LedgerFleet fleet;
    private readonly ReliabilityTally tally;
    private readonly Action<string> log;
    private readonly CancellationTokenSource stop = new();
    private readonly List<long> clientHeaps = [];
    private readonly Task sampling;

    public MemorySampler(RpcClient client, LedgerFleet fleet, ReliabilityTally tally, TimeSpan interval, Action<string> log)
    {
        this.client = client;
        this.fleet = fleet;
        this.tally = tally;
        this.log = log;
        sampling = Task.Run(() => SampleEveryAsync(interval));
    }

    /// <summary>The client's GC heap at each reading, in bytes.</summary>
    public IReadOnlyList<long> ClientHeaps => clientHeaps;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling;
        await SampleAsync();
        stop.Dispose();
    }

    private async Task SampleEveryAsync(TimeSpan interval)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, stop.Token);
                await SampleAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SampleAsync()
    {
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        lock (clientHeaps)
        {
            clientHeaps.Add(heap);
        }

        var hosts = new List<string>();
        foreach (var host in fleet.Live.ToArray())
        {
            try
            {
                var memory = await client.CallAsync<NoArguments, MemoryReply>(
                    "LedgerService.Memory", new NoArguments(), new CallOptions { Address = host.Process.Address, Timeout = TimeSpan.FromSeconds(2) });
                hosts.Add($"{memory.Host} {Mb(memory.WorkingSetBytes)}/{Mb(memory.GcHeapBytes)}");
            }
            catch (RpcException ex)
            {
                hosts.Add($"{host.Name} ({ex.StatusCode})");
            }
        }

        log($"memory after {tally.Made} calls: client working set {Mb(process.WorkingSet64)}, GC heap {Mb(heap)}; hosts (working set/GC heap): {string.Join(", ", hosts)}");
    }

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024.0):0.0} MB";
}
