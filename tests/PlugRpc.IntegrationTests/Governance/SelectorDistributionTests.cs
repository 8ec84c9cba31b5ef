using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests.Governance;

/// <summary>Each selector's share of calls over three host processes, counted from the host that answered each call.</summary>
[Collection(FleetCollection.Name)]
public sealed class SelectorDistributionTests : IAsyncLifetime
{
    private const int Concurrency = 8;
    private readonly Fleet fleet;

    public SelectorDistributionTests(SharedFleet shared)
    {
        fleet = shared.Fleet;
    }

    public Task InitializeAsync() => fleet.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Round_robin_gives_each_host_a_third()
    {
        var options = fleet.ClientOptions();
        options.Selector = "roundrobin";

        var shares = await SharesAsync(options, 300);

        Assert.All(fleet.Hosts, h => Assert.Equal(100, shares.GetValueOrDefault(h.Name)));
    }

    [Fact]
    public async Task Weighted_follows_weights_three_one_one()
    {
        var options = fleet.ClientOptions();
        options.Selector = "weighted";
        options.Instances[0].Weight = 3;
        options.Instances[1].Weight = 1;
        options.Instances[2].Weight = 1;

        var shares = await SharesAsync(options, 500);

        Assert.Equal([300, 100, 100], fleet.Hosts.Select(h => shares.GetValueOrDefault(h.Name)));
    }

    [Fact]
    public async Task Hash_sends_each_routing_key_to_one_host_and_the_keys_to_all()
    {
        var options = fleet.ClientOptions();
        options.Selector = "hash";
        await using var client = FleetClient.Create(options);
        const int Keys = 60;

        var load = await FleetLoad.RunAsync(Keys * 5, Concurrency, i => client.WorkAsync(i, new CallOptions { RoutingKey = $"order-{i % Keys}" }));

        Assert.Empty(load.Failures);
        var hostsPerKey = load.Calls.GroupBy(c => c.Index % Keys).Select(g => g.Select(c => c.Reply!.Host).Distinct().Count());
        Assert.All(hostsPerKey, n => Assert.Equal(1, n));
        Assert.Equal(3, load.Calls.Select(c => c.Reply!.Host).Distinct().Count());
    }

    [Fact]
    public Task Random_spreads_calls_over_every_host() => SpreadsOverEveryHostAsync("random", 0.2);

    /// <summary>
    /// Equal hosts must all get calls under p2c. They do not: a host whose first answers were slow (the dial, a cold
    /// JIT) keeps that EWMA while it is not picked, and it is not picked while its EWMA is high; at 8 in flight over
    /// three idle hosts one host got 3 to 9 calls of 600 in every run.
    /// </summary>
    [Fact(Skip = "p2c starves an instance whose first latency samples were slow: an unpicked instance's EWMA never decays (reported to the lead)")]
    public Task P2c_spreads_calls_over_every_host() => SpreadsOverEveryHostAsync("p2c", 0.05);

    private async Task SpreadsOverEveryHostAsync(string selector, double leastShare)
    {
        var options = fleet.ClientOptions();
        options.Selector = selector;
        const int Calls = 600;

        var shares = await SharesAsync(options, Calls);

        Assert.All(fleet.Hosts, h => Assert.True(shares.GetValueOrDefault(h.Name) >= Calls * leastShare, $"{h.Name} got {shares.GetValueOrDefault(h.Name)} of {Calls}"));
    }

    private static async Task<Dictionary<string, int>> SharesAsync(Options.ClientOptions options, int calls)
    {
        await using var client = FleetClient.Create(options);
        var load = await FleetLoad.RunAsync(calls, Concurrency, i => client.WorkAsync(i));
        Assert.True(!load.Failures.Any(), load.FailureSummary());
        return load.CountBy(r => r.Host);
    }
}
