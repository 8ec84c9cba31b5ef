using PlugRpc.Discovery;
using PlugRpc.Registry.Tests.Infrastructure;
using PlugRpc.Registry.ZooKeeper;
using PlugRpc.Registry.ZooKeeper.Client;

namespace PlugRpc.Registry.Tests.ZooKeeper;

/// <summary>The ZooKeeper registry against a real server: registering, listing, waiting for changes, removing, losing the session.</summary>
[Collection(ZooKeeperCollection.Name)]
public sealed class ZooKeeperRegistryTests(ZooKeeperServer server)
{
    private static readonly TimeSpan ChangeSeenWithin = TimeSpan.FromSeconds(1);
    private readonly CancellationToken none = CancellationToken.None;
    private readonly string root = "registry-" + Guid.NewGuid().ToString("N")[..8];

    [ZooKeeperFact]
    public async Task Registers_lists_and_removes_an_instance_rewriting_the_stamp_each_time()
    {
        await using var serverSide = Open();
        await using var clientSide = Open();
        var registration = Registration("arith", "tcp://127.0.0.1:8888", ("weight", "3"), ("tags", """{"idc":"lf"}"""));
        var tree = await ZooKeeperTree.SessionAsync(clientSide);

        await using (await Holding.StartAsync(serverSide, registration))
        {
            var listing = await clientSide.ListAsync("arith", null, none);
            var instance = Assert.Single(listing.Instances);
            Assert.Equal("tcp://127.0.0.1:8888", instance.Address);
            Assert.Equal("3", instance.Metadata["weight"]);
            Assert.Equal("lf", InstanceTags.Of(instance)["idc"]);
            Assert.Empty(listing.Skipped);
        }

        var stampRegistered = long.Parse(await ZooKeeperTree.ReadAsync(tree, $"/{root}/arith"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Single((await clientSide.ListAsync("arith", null, none)).Instances); // cancelling the hold leaves it for RemoveAsync

        await serverSide.RemoveAsync(registration, none);

        Assert.Empty((await clientSide.ListAsync("arith", null, none)).Instances);
        var stampRemoved = long.Parse(await ZooKeeperTree.ReadAsync(tree, $"/{root}/arith"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(stampRemoved > stampRegistered, $"the stamp {stampRemoved} was not rewritten after {stampRegistered}");
        await serverSide.RemoveAsync(registration, none); // removing what is gone is no error
    }

    [ZooKeeperFact]
    public async Task A_waiting_listing_returns_within_a_second_of_each_change()
    {
        await using var serverSide = Open();
        await using var clientSide = Open();
        var registration = Registration("watched", "tcp://127.0.0.1:9001", ("weight", "1"));

        var empty = await clientSide.ListAsync("watched", null, none); // no app key node yet
        Assert.Empty(empty.Instances);
        var waiting = clientSide.ListAsync("watched", empty, none);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted, "a listing waited for nothing");

        var holding = await Holding.StartAsync(serverSide, registration);
        var registered = await waiting.WaitAsync(ChangeSeenWithin);
        var deadline = DateTime.UtcNow + ChangeSeenWithin;
        while (registered.Instances.Count == 0 && DateTime.UtcNow < deadline)
        {
            // The app key node's creation wakes the wait too, a moment before the instance's node is there.
            registered = await clientSide.ListAsync("watched", registered, none).WaitAsync(ChangeSeenWithin);
        }

        Assert.Equal("tcp://127.0.0.1:9001", Assert.Single(registered.Instances).Address);

        // A metadata change (go-rpc servers rewrite their node) wakes the listing through the child's data watch.
        // (Listed afresh first: the wait above may have listed before the registration's stamp rewrite, a change too.)
        var current = await clientSide.ListAsync("watched", null, none);
        var waitingForMetadata = clientSide.ListAsync("watched", current, none);
        await Task.Delay(200);
        Assert.False(waitingForMetadata.IsCompleted, "a listing waited for nothing");
        var tree = await ZooKeeperTree.SessionAsync(clientSide);
        await ZooKeeperTree.WriteAsync(tree, $"/{root}/watched/tcp@127.0.0.1:9001", """{"weight":"5"}""");
        var reweighted = await waitingForMetadata.WaitAsync(ChangeSeenWithin);
        Assert.Equal("5", Assert.Single(reweighted.Instances).Metadata["weight"]);

        var waitingForRemoval = clientSide.ListAsync("watched", reweighted, none);
        await holding.DisposeAsync();
        await serverSide.RemoveAsync(registration, none);
        Assert.Empty((await waitingForRemoval.WaitAsync(ChangeSeenWithin)).Instances);
    }

    [ZooKeeperFact]
    public async Task Disposing_the_registry_closes_its_session_so_its_instances_leave_at_once()
    {
        var serverSide = Open(TimeSpan.FromSeconds(30));
        await using var clientSide = Open();
        await using (await Holding.StartAsync(serverSide, Registration("closing", "tcp://127.0.0.1:9002")))
        {
            Assert.Single((await clientSide.ListAsync("closing", null, none)).Instances);
        }

        await serverSide.DisposeAsync();

        Assert.Empty((await clientSide.ListAsync("closing", null, none)).Instances); // not after the 30 s session timeout
        await Assert.ThrowsAsync<RegistryException>(() => serverSide.ListAsync("closing", null, none));
    }

    [ZooKeeperFact]
    public async Task When_the_session_expires_HoldAsync_fails_and_a_new_HoldAsync_registers_again()
    {
        await using var serverSide = Open();
        await using var clientSide = Open();
        var registration = Registration("expiring", "tcp://127.0.0.1:9003");
        var first = await Holding.StartAsync(serverSide, registration);
        var lost = serverSide.Client.Current!;

        await SessionCloser.CloseAsync("127.0.0.1", server.Port, lost);

        var failure = await Assert.ThrowsAsync<RegistryException>(() => first.Run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.StartsWith("ZooKeeper session expired", failure.Message);
        Assert.Contains("tcp://127.0.0.1:9003", failure.Message);
        Assert.Empty((await clientSide.ListAsync("expiring", null, none)).Instances);

        await using (await Holding.StartAsync(serverSide, registration))
        {
            var session = serverSide.Client.Current!;
            Assert.NotEqual(lost.Id, session.Id);
            var node = await (await ZooKeeperTree.SessionAsync(clientSide)).ExistsAsync($"/{root}/expiring/tcp@127.0.0.1:9003", false, none);
            Assert.Equal(session.Id, node.Stat!.EphemeralOwner);
            Assert.Single((await clientSide.ListAsync("expiring", null, none)).Instances);
        }
    }

    [ZooKeeperFact]
    public async Task Holding_an_address_whose_node_exists_replaces_the_node_with_this_sessions()
    {
        await using var serverSide = Open();
        var tree = await ZooKeeperTree.SessionAsync(serverSide);
        await ZooKeeperTree.CreatePersistentAsync(tree, $"/{root}/stale/tcp@127.0.0.1:9004", """{"weight":"9"}""");

        await using (await Holding.StartAsync(serverSide, Registration("stale", "tcp://127.0.0.1:9004", ("weight", "2"))))
        {
            var node = await tree.GetDataAsync($"/{root}/stale/tcp@127.0.0.1:9004", false, none);
            Assert.Equal(serverSide.Client.Current!.Id, node.Stat.EphemeralOwner);
            Assert.Equal("2", Assert.Single((await serverSide.ListAsync("stale", null, none)).Instances).Metadata["weight"]);
        }
    }

    [ZooKeeperFact]
    public async Task An_app_key_that_is_no_node_name_is_refused_in_one_line()
    {
        await using var registry = Open();
        var failure = await Assert.ThrowsAsync<RegistryException>(() => registry.ListAsync("a/b", null, none));
        Assert.Contains("'a/b'", failure.Message);
        await Assert.ThrowsAsync<RegistryException>(() => registry.HoldAsync(Registration("..", "tcp://127.0.0.1:1"), () => { }, none));
        await Assert.ThrowsAsync<RegistryException>(() => registry.HoldAsync(Registration("ok", "unix:///tmp/a.sock"), () => { }, none));
    }

    internal static ServiceRegistration Registration(string appKey, string address, params (string Key, string Value)[] metadata) =>
        new(appKey, new ServiceInstance(address, metadata.ToDictionary(m => m.Key, m => m.Value)));

    private ZooKeeperRegistry Open(TimeSpan? sessionTimeout = null) =>
        new(RegistryAddress.Parse(server.UrlFor(root, sessionTimeout ?? TimeSpan.FromSeconds(2))));
}
