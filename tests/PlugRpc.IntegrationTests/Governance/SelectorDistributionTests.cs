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
    public Task Random_spreads_calls_over_every_host() => SpreadsOverEveryHostAsync("random", 0.2, TimeSpan.Zero);

    /// <summary>
    /// Equal hosts all get calls under p2c once it has run for a while: a host whose first answers were slow (a dial,
    /// a cold JIT) loses the draws at first, and within a second is drawn again and judged afresh by that answer.
    /// </summary>
    [Fact]
    public Task P2c_spreads_calls_over_every_host() => SpreadsOverEveryHostAsync("p2c", 0.05, TimeSpan.FromSeconds(1.5));

    private async Task SpreadsOverEveryHostAsync(string selector, double leastShare, TimeSpan warmUp)
    {
        var options = fleet.ClientOptions();
        options.Selector = selector;
        await using var client = FleetClient.Create(options);
        var warming = System.Diagnostics.Stopwatch.StartNew();
        while (warming.Elapsed < warmUp)
        {
            Assert.Empty((await FleetLoad.RunAsync(100, Concurrency, i => client.WorkAsync(i))).Failures);
        }

        const int Calls = 600;
        var load = await FleetLoad.RunAsync(Calls, Concurrency, i => client.WorkAsync(i));

        Assert.True(!load.Failures.Any(), load.FailureSummary());
        var shares = load.CountBy(r => r.Host);
        var ewma = string.Join(", ", fleet.Hosts.Select(h => $"{h.Name} {client.StateOf(h).EwmaLatency.TotalMilliseconds:0.00} ms"));
        Assert.All(fleet.Hosts, h => Assert.True(shares.GetValueOrDefault(h.Name) >= Calls * leastShare, $"{h.Name} got {shares.GetValueOrDefault(h.Name)} of {Calls}: {string.Join(", ", shares)}; EWMA {ewma}"));
    }

    private static async Task<Dictionary<string, int>> SharesAsync(Options.ClientOptions options, int calls)
    {
        await using var client = FleetClient.Create(options);
        var load = await FleetLoad.RunAsync(calls, Concurrency, i => client.WorkAsync(i));
        Assert.True(!load.Failures.Any(), load.FailureSummary());
        return load.CountBy(r => r.Host);
    }
}
