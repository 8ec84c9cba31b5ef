using System.Diagnostics;
using System.Text.Json;
using PlugRpc.Discovery;
using PlugRpc.Filters.CircuitBreaker;
using PlugRpc.Fixtures.Fleet;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Plugins;

namespace PlugRpc.IntegrationTests.Governance;

/// <summary>The client's "breaker" filter over host processes that fail every call until told to recover.</summary>
[Collection(FleetCollection.Name)]
public sealed class CircuitBreakerTests : IAsyncLifetime
{
    private const int Threshold = 5;
    private static readonly TimeSpan CoolDown = TimeSpan.FromSeconds(1.5);
    private readonly Fleet fleet;

    public CircuitBreakerTests(SharedFleet shared)
    {
        fleet = shared.Fleet;
    }

    public Task InitializeAsync() => fleet.ResetAsync();

    public Task DisposeAsync() => fleet.ResetAsync();

    [Fact]
    public async Task A_failing_host_is_left_out_after_the_threshold_all_open_fail_at_once_and_recovered_hosts_close_after_the_cool_down()
    {
        var options = fleet.ClientOptions();
        options.Selector = "roundrobin";
        options.Filters = ["breaker"];
        options.CircuitBreakerThreshold = Threshold;
        options.CircuitBreakerWindow = TimeSpan.FromSeconds(10);
        var settings = JsonDocument.Parse($"{{\"coolDown\":\"{CoolDown.TotalMilliseconds:0}ms\"}}").RootElement;
        await using var client = FleetClient.Create(options, b => b.AddPlugin<CircuitBreakerPlugin>(settings));
        var failing = fleet[0];

        // One host fails every call: after exactly the threshold of failures it gets no more.
        await fleet.BehaveAsync(failing, new Behaviour { FailWith = RpcStatusCode.Internal });
        var failed = await CallOneByOneAsync(client, 60);
        Assert.Equal(Threshold, failed);
        Assert.Equal(Threshold, await fleet.CountAsync(failing));
        Assert.Equal(BreakerState.Open, client.StateOf(failing).Breaker);

        // All fail: each opens after the threshold, and then a call fails at once, naming the breaker, reaching no host.
        foreach (var host in fleet.Hosts.Where(h => h != failing))
        {
            await fleet.BehaveAsync(host, new Behaviour { FailWith = RpcStatusCode.Internal });
            await fleet.CountAsync(host, reset: true);
        }

        Assert.Equal(2 * Threshold, await CallOneByOneAsync(client, 2 * Threshold));
        Assert.All(fleet.Hosts, h => Assert.Equal(BreakerState.Open, client.StateOf(h).Breaker));
        await AssertRefusedAtOnceAsync(client);
        var counts = await CountsAsync();
        Assert.Equal(new long[] { Threshold, Threshold, Threshold }, counts);

        // Recovered hosts stay left out until the cool-down; then the probes close the breakers and all hosts serve.
        foreach (var host in fleet.Hosts)
        {
            await fleet.BehaveAsync(host, new Behaviour());
        }

        await AssertRefusedAtOnceAsync(client);
        await Task.Delay(CoolDown + TimeSpan.FromMilliseconds(200));
        Assert.Equal(0, await CallOneByOneAsync(client, 30));
        Assert.All(fleet.Hosts, h => Assert.Equal(BreakerState.Closed, client.StateOf(h).Breaker));
        Assert.All(await CountsAsync(), served => Assert.True(served > Threshold, $"a host served {served - Threshold} calls after the cool-down"));
    }

    /// <summary>Makes <paramref name="calls"/> calls one after another; returns how many failed as the hosts fail them (Internal).</summary>
    private static async Task<int> CallOneByOneAsync(FleetClient client, int calls)
    {
        var failed = 0;
        for (var i = 0; i < calls; i++)
        {
            try
            {
                await client.WorkAsync(i);
            }
            catch (RpcException ex) when (ex.StatusCode == RpcStatusCode.Internal)
            {
                failed++;
            }
        }

        return failed;
    }

    private static async Task AssertRefusedAtOnceAsync(FleetClient client)
    {
        var started = Stopwatch.GetTimestamp();
        var error = await Assert.ThrowsAsync<RpcException>(() => client.WorkAsync(-1));
        var took = Stopwatch.GetElapsedTime(started);

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains("circuit breaker open", error.Message);
        Assert.True(took < TimeSpan.FromMilliseconds(100), $"the refusal took {took.TotalMilliseconds:0} ms");
    }

    private async Task<long[]> CountsAsync() => [.. await Task.WhenAll(fleet.Hosts.Select(h => fleet.CountAsync(h)))];
}
