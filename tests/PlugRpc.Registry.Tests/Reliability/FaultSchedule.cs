using System.Diagnostics;
using PlugRpc.Registry.Tests.Infrastructure;

namespace PlugRpc.Registry.Tests.Reliability;

/// <summary>
/// One round of the faults a reliability run goes through, one after another under the load: the oldest plain host
/// killed (SIGKILL) and replaced, the next stopped gracefully (SIGTERM) and replaced, the oldest then paused
/// (SIGSTOP) past the registry's expiry and resumed (SIGCONT), the registry stopped and started again, and the
/// proxied host's proxy delaying, cutting and resetting its connections. Each fault is a phase of the load.
/// </summary>
internal sealed class FaultSchedule(LedgerFleet fleet, IRegistryServer registry, ReliabilityLoad load, Action<string> log)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan Paused = TimeSpan.FromSeconds(2.5);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProxyDelay = TimeSpan.FromMilliseconds(300);

    /// <summary>How many times the proxy cuts (and then resets) what it carries, spread over <see cref="Settle"/>.</summary>
    private const int ProxyStrikes = 5;

    private readonly List<string> phases = [];

    /// <summary>Every phase run so far, each once, in order.</summary>
    public IReadOnlyList<string> Phases => phases;

    /// <summary>Connections the proxy cut (FIN) and reset (RST).</summary>
    public int Cut { get; private set; }

    public int Reset { get; private set; }

    public async Task RunRoundAsync()
    {
        await PhaseAsync("steady", () => Task.Delay(Settle));

        var killed = OldestPlain();
        await PhaseAsync($"SIGKILL {killed.Name}", async () =>
        {
            killed.Process.Kill();
            killed.Gone = true;
            await Task.Delay(Settle);
            await fleet.StartHostAsync();
        });

        var leaving = OldestPlain();
        await PhaseAsync($"SIGTERM {leaving.Name}", async () =>
        {
            leaving.Gone = true;
            await leaving.Process.StopAsync();
            await fleet.StartHostAsync();
        });

        var paused = OldestPlain();
        await PhaseAsync($"SIGSTOP {paused.Name}", async () =>
        {
            paused.Process.Pause();
            try
            {
                await Task.Delay(Paused);
            }
            finally
            {
                paused.Process.Resume();
            }
        });
        await PhaseAsync($"SIGCONT {paused.Name}", () => Task.Delay(Settle));

        await PhaseAsync("registry stopped", async () =>
        {
            await registry.StopAsync();
            await Task.Delay(Outage);
        });
        await PhaseAsync("registry started again", async () =>
        {
            await registry.StartAsync();
            await Task.Delay(Settle);
        });

        var proxied = fleet.Live.Single(h => h.Proxy is not null);
        var proxy = proxied.Proxy!;
        await PhaseAsync($"proxy delays {proxied.Name} {ProxyDelay.TotalMilliseconds:0} ms", async () =>
        {
            proxy.Delay = ProxyDelay;
            await Task.Delay(Settle);
            proxy.Delay = TimeSpan.Zero;
        });
        await PhaseAsync($"proxy cuts {proxied.Name}", async () =>
        {
            for (var i = 0; i < ProxyStrikes; i++)
            {
                Cut += proxy.Cut();
                await Task.Delay(Settle / ProxyStrikes);
            }
        });
        await PhaseAsync($"proxy resets {proxied.Name}", async () =>
        {
            for (var i = 0; i < ProxyStrikes; i++)
            {
                Reset += proxy.Reset();
                await Task.Delay(Settle / ProxyStrikes);
            }
        });

        await PhaseAsync("steady after", () => Task.Delay(Settle));
    }

    private LedgerHost OldestPlain() => fleet.Live.First(h => h.Proxy is null);

    private async Task PhaseAsync(string name, Func<Task> fault)
    {
        load.Phase = name;
        if (!phases.Contains(name))
        {
            phases.Add(name);
        }

        var started = Stopwatch.GetTimestamp();
        await fault();
        log($"{name}: {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
    }
}
