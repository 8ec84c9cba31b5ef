using System.Diagnostics;
using System.Globalization;
using PlugRpc.Client;
using PlugRpc.Fixtures.Ledger;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;
using PlugRpc.Registry.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PlugRpc.Registry.Tests.Reliability;

/// <summary>
/// Three host processes registered in a real registry, one of them behind a loopback proxy, and two clients calling
/// them, one under failover and one under failbackup, idempotent calls and not, through every fault of a <see cref="FaultSchedule"/>. The run's
/// table is printed; it fails when a call was answered wrong, never answered, or (not idempotent) executed twice.
/// With PLUGRPC_SOAK=1 the rounds repeat until a million calls (PLUGRPC_SOAK_CALLS) with memory readings printed
/// every 15 s, and the client's GC heap must stay flat. A subclass names the registry.
/// </summary>
public abstract class ReliabilitySuite
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromMilliseconds(800);
    private const int Callers = 12;
    private const int WorkMs = 2;

    private readonly IRegistryServer registry;
    private readonly ITestOutputHelper output;

    protected ReliabilitySuite(IRegistryServer registry, ITestOutputHelper output)
    {
        this.registry = registry;
        this.output = output;
    }

    /// <summary>The registry's name, for the table's title.</summary>
    protected abstract string RegistryName { get; }

    private static bool Soak => Environment.GetEnvironmentVariable("PLUGRPC_SOAK") == "1";

    private static long SoakCalls =>
        long.TryParse(Environment.GetEnvironmentVariable("PLUGRPC_SOAK_CALLS"), NumberStyles.None, CultureInfo.InvariantCulture, out var calls) ? calls : 1_000_000;

    [RegistryFact]
    public async Task Under_kill_stop_pause_registry_restart_and_a_faulty_proxy_no_call_is_answered_wrong_left_unanswered_or_run_twice()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var url = registry.UrlFor("/reliability-" + suffix);
        var appKey = "ledger-" + suffix;
        await using var fleet = new LedgerFleet(url, appKey);
        await Task.WhenAll(fleet.StartHostAsync(), fleet.StartHostAsync(), fleet.StartHostAsync(proxied: true));
        await using var bed = new RegistryBed(keepLogs: false);
        var failover = bed.CreateClient(url, appKey, o => ConfigureClient(o, FailMode.FailOver));
        var failbackup = bed.CreateClient(url, appKey, o => ConfigureClient(o, FailMode.FailBackup));
        RpcClient[] clients = [failover, failbackup];
        await Eventually.TrueAsync(() => clients.All(c => c.Instances.Count == 3), "the three hosts in the clients' views", TimeSpan.FromSeconds(10));
        var first = fleet.Hosts[0];
        await WarmUpAsync(failover, fleet);

        var started = Stopwatch.GetTimestamp();
        var load = new ReliabilityLoad([("failover", failover), ("failbackup", failbackup)], Deadline, Callers, WorkMs);
        var faults = new FaultSchedule(fleet, registry, load, output.WriteLine);
        var memory = Soak ? new MemorySampler(failover, fleet, load.Tally, TimeSpan.FromSeconds(15), output.WriteLine) : null;
        try
        {
            do
            {
                await faults.RunRoundAsync();
            }
            while (Soak && load.Tally.Made < SoakCalls);
        }
        finally
        {
            await load.StopAsync();
            if (memory is not null)
            {
                await memory.DisposeAsync();
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        load.Tally.Reconcile(fleet.Executions());
        var table = load.Tally.Table(
            $"reliability, {RegistryName}: {load.Tally.Made} calls in {elapsed.TotalSeconds:0.0} s by {Callers} callers, half under failover and half under failbackup (2 retries), " +
            $"attempt timeout {AttemptTimeout.TotalMilliseconds:0} ms, " +
            $"deadline {Deadline.TotalMilliseconds:0} ms (+{ReliabilityLoad.Margin.TotalMilliseconds:0} ms margin); proxy cut {faults.Cut} and reset {faults.Reset} connections");
        output.WriteLine(table);

        var broken = load.Tally.Broken();
        Assert.True(broken.Count == 0, $"{string.Join("; ", broken)}\n{table}\n{fleet.Logs()}");
        Assert.All(faults.Phases, phase => Assert.True(load.Tally.MadeIn(phase) > 0, $"no call began during '{phase}'\n{table}"));
        Assert.True(load.Tally.AnsweredBy(first.Name) > 0, $"{first.Name}, killed first, answered nothing before\n{table}");
        Assert.True(faults.Cut > 0 && faults.Reset > 0, $"the proxy had no connection to cut or reset\n{table}");
        if (memory is not null)
        {
            AssertFlat(memory.ClientHeaps, table);
        }
    }

    /// <summary>
    /// A few calls to each host by its address, so that no host is still slow from its JIT when the load begins (p2c
    /// would steer away from it). A cold host's first answers may take longer than the attempt timeout on a busy
    /// machine: such a call is made again, a few times at most.
    /// </summary>
    private static async Task WarmUpAsync(RpcClient client, LedgerFleet fleet)
    {
        foreach (var host in fleet.Live)
        {
            var timedOut = 0;
            for (var i = 0; i < 50; i++)
            {
                try
                {
                    await client.CallAsync<LedgerRequest, LedgerReply>(ReliabilityLoad.ReadMethod, new LedgerRequest { Id = -i }, new CallOptions { Address = host.Address });
                }
                catch (RpcException ex) when (ex.StatusCode == RpcStatusCode.DeadlineExceeded && ++timedOut <= 5)
                {
                    i--;
                }
            }
        }
    }

    /// <summary>Either client's options: <paramref name="mode"/> with 2 retries, Read named idempotent, heartbeats; failbackup's backup after the instance's p95.</summary>
    private static void ConfigureClient(ClientOptions options, FailMode mode)
    {
        options.FailMode = mode;
        options.Retries = 2;
        options.RequestTimeout = Deadline;
        options.DialTimeout = TimeSpan.FromMilliseconds(500);
        options.IdempotentMethods = [ReliabilityLoad.ReadMethod];
        options.AttemptTimeout = AttemptTimeout;
        options.Heartbeat = true;
        options.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
    }

    /// <summary>The client's GC heap at the end within half again (and 16 MB) of its reading after the first interval.</summary>
    private static void AssertFlat(IReadOnlyList<long> heaps, string table)
    {
        Assert.True(heaps.Count >= 3, $"only {heaps.Count} memory readings");
        var early = heaps[1];
        var last = heaps[^1];
        Assert.True(last <= (early * 1.5) + (16 << 20), $"the client's GC heap grew from {early >> 20} MB to {last >> 20} MB\n{table}");
    }
}
