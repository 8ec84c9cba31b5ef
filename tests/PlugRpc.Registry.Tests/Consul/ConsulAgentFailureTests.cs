using PlugRpc.Registry.Tests.Infrastructure;
using System.Diagnostics;
using PlugRpc.Discovery;
using static PlugRpc.Registry.Tests.Consul.ConsulFixture;

namespace PlugRpc.Registry.Tests.Consul;

/// <summary>The Consul registry plugin when its agent stops, restarts without its data, or refuses: each test on a fake agent of its own.</summary>
public sealed class ConsulAgentFailureTests
{
    [Fact]
    public async Task A_restarted_agent_makes_HoldAsync_throw_and_a_new_HoldAsync_registers_again()
    {
        await using var server = await FakeConsulServer.StartNewAsync();
        await using var registry = OpenOn(server);
        var appKey = NewAppKey("restart");
        var registration = Registration(appKey, 7101);
        var holding = new Holding(registry, registration);
        await holding.RegisteredAsync();

        await server.StopAsync();
        await server.StartAsync();

        var lost = await Assert.ThrowsAsync<RegistryException>(() => holding.Run.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains($"no longer has {appKey}-tcp@127.0.0.1:7101", lost.Message, StringComparison.Ordinal);
        await holding.DisposeAsync();

        await using var again = new Holding(registry, registration);
        await again.RegisteredAsync();
        Assert.Equal(["tcp://127.0.0.1:7101"], ConsulListings.Addresses(await registry.ListAsync(appKey, null, CancellationToken.None)));
    }

    [Fact]
    public async Task A_waiting_listing_cut_by_a_restart_follows_the_new_lower_index_at_once()
    {
        await using var server = await FakeConsulServer.StartNewAsync();
        await using var lister = OpenOn(server);
        await using var holder = OpenOn(server);
        var appKey = NewAppKey("reindex");
        await using (var churn = new Holding(holder, Registration(appKey, 7100)))
        {
            await churn.RegisteredAsync();
        }

        await holder.RemoveAsync(Registration(appKey, 7100), CancellationToken.None);
        var before = new Holding(holder, Registration(appKey, 7102));
        await before.RegisteredAsync();
        var (listed, _) = await ConsulListings.WatchUntilAsync(lister, appKey, null, l => l.Instances.Count == 1, TimeSpan.FromSeconds(5), "the instance showing");
        var waiting = lister.ListAsync(appKey, listed, CancellationToken.None);

        await server.StopAsync();
        await Assert.ThrowsAsync<RegistryException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        await server.StartAsync();
        await before.DisposeAsync();
        await using var after = new Holding(holder, Registration(appKey, 7103));
        await after.RegisteredAsync();

        // The listing waited on an index the restarted agent is far below (it waits 30 s by default): the next
        // listing must not block on it but see the agent as it is now.
        var (now, took) = await ConsulListings.WatchUntilAsync(lister, appKey, listed, l => ConsulListings.Addresses(l).SequenceEqual(["tcp://127.0.0.1:7103"]), TimeSpan.FromSeconds(10), "the instance registered after the restart showing");

        Assert.True(took < TimeSpan.FromSeconds(2), $"the listing followed the restarted agent after {took}");
        Assert.True(now.Version < listed.Version, "the restarted agent's index should be below the one waited on");
    }

    [Fact]
    public async Task A_stopped_agent_makes_ListAsync_throw_quickly_naming_the_agent_and_why()
    {
        await using var server = await FakeConsulServer.StartNewAsync();
        await using var registry = OpenOn(server);
        await server.StopAsync();

        var took = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<RegistryException>(() => registry.ListAsync("any", null, CancellationToken.None));

        Assert.True(took.Elapsed < TimeSpan.FromSeconds(3), $"ListAsync took {took.Elapsed} to fail");
        Assert.Contains($"consul agent 127.0.0.1:{server.Port} cannot be reached", refused.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stopped_agent_makes_HoldAsync_throw_naming_the_agent()
    {
        await using var server = await FakeConsulServer.StartNewAsync();
        await using var registry = OpenOn(server);
        await server.StopAsync();

        var refused = await Assert.ThrowsAsync<RegistryException>(() => registry.HoldAsync(Registration(NewAppKey("down"), 7104), () => { }, CancellationToken.None));

        Assert.Contains($"consul agent 127.0.0.1:{server.Port}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_agent_makes_HoldAsync_give_up_only_once_the_ttl_ran_out()
    {
        await using var server = await FakeConsulServer.StartNewAsync();
        await using var registry = OpenOn(server, "ttl=3s");
        var holding = new Holding(registry, Registration(NewAppKey("blip"), 7105));
        await holding.RegisteredAsync();

        await server.StopAsync();
        await Task.Delay(1500);
        Assert.False(holding.Run.IsCompleted, "HoldAsync gave up while the agent had been gone for less than the TTL");
        var lost = await Assert.ThrowsAsync<RegistryException>(() => holding.Run.WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Contains("went unpassed for its whole TTL of 3s", lost.Message, StringComparison.Ordinal);
        await holding.DisposeAsync();
    }

    [Fact]
    public async Task The_acl_token_of_the_url_is_sent_and_without_it_the_agents_refusal_is_reported()
    {
        await using var server = await FakeConsulServer.StartNewAsync(aclToken: "s3cret");
        await using var anonymous = OpenOn(server);
        await using var holder = OpenOn(server, "token=s3cret");
        var appKey = NewAppKey("acl");

        var refused = await Assert.ThrowsAsync<RegistryException>(() => anonymous.ListAsync(appKey, null, CancellationToken.None));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);

        await using var holding = new Holding(holder, Registration(appKey, 7106));
        await holding.RegisteredAsync();
        Assert.Single((await holder.ListAsync(appKey, null, CancellationToken.None)).Instances);
    }
}
