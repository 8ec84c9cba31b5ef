using System.Diagnostics;
using PlugRpc.Discovery;
using PlugRpc.Registry.Tests.Infrastructure;
using PlugRpc.Registry.ZooKeeper;

namespace PlugRpc.Registry.Tests.ZooKeeper;

/// <summary>A ZooKeeper server (its own, as the test stops it) unreachable for longer than the session timeout.</summary>
public sealed class ZooKeeperOutageTests(ZooKeeperServer server) : IClassFixture<ZooKeeperServer>
{
    private readonly CancellationToken none = CancellationToken.None;
    private readonly string root = "outage-" + Guid.NewGuid().ToString("N")[..8];

    [ZooKeeperFact]
    public async Task HoldAsync_fails_listing_names_the_hosts_and_once_the_server_is_back_a_new_hold_replaces_the_leftover_node()
    {
        await using var serverSide = new ZooKeeperRegistry(RegistryAddress.Parse(server.UrlFor(root)));
        var registration = ZooKeeperRegistryTests.Registration("arith", "tcp://127.0.0.1:7100");
        var first = await Holding.StartAsync(serverSide, registration);
        var lost = serverSide.Client.Current!;
        var nodePath = $"/{root}/arith/tcp@127.0.0.1:7100";

        await server.StopAsync();
        var clock = Stopwatch.StartNew();
        await using var newcomer = new ZooKeeperRegistry(RegistryAddress.Parse(server.UrlFor(root)));
        var listing = Assert.ThrowsAsync<RegistryException>(() => newcomer.ListAsync("arith", null, none));

        // Nothing answered for 4/3 of the 2 s session timeout: the session is over (the server would have expired it).
        var failure = await Assert.ThrowsAsync<RegistryException>(() => first.Run.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.StartsWith("ZooKeeper session expired", failure.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
        var unreachable = await listing.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Contains(server.Endpoint, unreachable.Message);
        Assert.Contains("could not be reached", unreachable.Message);

        // Restarted, the server restores the old session (and its node) from its log; the new hold replaces the node.
        await server.StartAsync();
        await using (await Holding.StartAsync(serverSide, registration))
        {
            var session = serverSide.Client.Current!;
            Assert.NotEqual(lost.Id, session.Id);
            var tree = await ZooKeeperTree.SessionAsync(serverSide);
            Assert.Equal(session.Id, (await tree.ExistsAsync(nodePath, false, none)).Stat!.EphemeralOwner);

            // The restored old session expires on the server without taking the new node with it.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(session.Id, (await tree.ExistsAsync(nodePath, false, none)).Stat!.EphemeralOwner);
            Assert.Single((await newcomer.ListAsync("arith", null, none)).Instances);
        }
    }
}
