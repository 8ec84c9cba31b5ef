using System.Diagnostics;
using System.Text;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Registry.Tests.Infrastructure;
using PlugRpc.Registry.ZooKeeper.Client;
using PlugRpc.Registry.ZooKeeper.Protocol;

namespace PlugRpc.Registry.Tests.ZooKeeper;

/// <summary>The ZooKeeper client against a real server: operations, their errors, watches, ephemeral nodes, sessions.</summary>
[Collection(ZooKeeperCollection.Name)]
public sealed class ZooKeeperClientTests(ZooKeeperServer server)
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(2);
    private readonly CancellationToken none = CancellationToken.None;
    private readonly string root = "/client-" + Guid.NewGuid().ToString("N")[..8];

    [ZooKeeperFact]
    public async Task Operations_round_trip_and_their_errors_are_named()
    {
        var session = await OpenAsync(Short);
        try
        {
            Assert.Equal(root, await session.CreateAsync(root, Utf8("top"), CreateMode.Persistent, none));
            await session.CreateAsync(root + "/a", Utf8("one"), CreateMode.Persistent, none);
            await session.CreateAsync(root + "/b", ReadOnlyMemory<byte>.Empty, CreateMode.Persistent, none);

            var read = await session.GetDataAsync(root + "/a", watch: false, none);
            Assert.Equal("one", Encoding.UTF8.GetString(read.Data));
            Assert.Equal(0, read.Stat.Version);
            Assert.Equal(0, read.Stat.EphemeralOwner);
            Assert.Null(read.Watch);

            var written = await session.SetDataAsync(root + "/a", Utf8("two"), read.Stat.Version, none);
            Assert.Equal(1, written.Version);
            Assert.Equal("two", Encoding.UTF8.GetString((await session.GetDataAsync(root + "/a", false, none)).Data));
            Assert.Empty((await session.GetDataAsync(root + "/b", false, none)).Data);

            var children = await session.GetChildrenAsync(root, watch: false, none);
            Assert.Equal(["a", "b"], children.Names.Order(StringComparer.Ordinal));
            Assert.Equal(2, (await session.ExistsAsync(root, false, none)).Stat!.NumChildren);
            Assert.Null((await session.ExistsAsync(root + "/missing", false, none)).Stat);

            await AssertCode(ZooKeeperErrorCode.BadVersion, session.SetDataAsync(root + "/a", Utf8("x"), 0, none), root + "/a");
            await AssertCode(ZooKeeperErrorCode.NodeExists, session.CreateAsync(root + "/a", Utf8("x"), CreateMode.Persistent, none), root + "/a");
            await AssertCode(ZooKeeperErrorCode.NotEmpty, session.DeleteAsync(root, -1, none), root);
            await AssertCode(ZooKeeperErrorCode.NoNode, session.GetDataAsync(root + "/missing", false, none), root + "/missing");
            await AssertCode(ZooKeeperErrorCode.NoNode, session.CreateAsync(root + "/missing/child", default, CreateMode.Persistent, none), root + "/missing/child");
            await AssertCode(ZooKeeperErrorCode.BadVersion, session.DeleteAsync(root + "/a", 7, none), root + "/a");

            await session.DeleteAsync(root + "/a", 1, none);
            await session.DeleteAsync(root + "/b", -1, none);
            await session.DeleteAsync(root, -1, none);
            Assert.Null((await session.ExistsAsync(root, false, none)).Stat);
        }
        finally
        {
            await session.CloseAsync();
        }
    }

    [ZooKeeperFact]
    public async Task Each_watch_fires_once_for_the_change_it_watches()
    {
        var watcher = await OpenAsync(Short);
        var writer = await OpenAsync(Short);
        try
        {
            var created = (await watcher.ExistsAsync(root, watch: true, none)).Watch!;
            await writer.CreateAsync(root, Utf8("v0"), CreateMode.Persistent, none);
            Assert.Equal(new WatchEvent(WatchEventType.NodeCreated, root), await created.WaitAsync(Short));

            var data = (await watcher.GetDataAsync(root, watch: true, none)).Watch!;
            var children = (await watcher.GetChildrenAsync(root, watch: true, none)).Watch!;
            await writer.SetDataAsync(root, Utf8("v1"), -1, none);
            Assert.Equal(new WatchEvent(WatchEventType.NodeDataChanged, root), await data.WaitAsync(Short));
            Assert.False(children.IsCompleted, "a data change does not fire a child watch");

            await writer.CreateAsync(root + "/kid", default, CreateMode.Persistent, none);
            Assert.Equal(new WatchEvent(WatchEventType.NodeChildrenChanged, root), await children.WaitAsync(Short));

            var again = (await watcher.GetDataAsync(root, watch: true, none)).Watch!;
            Assert.NotSame(data, again);
            var kid = (await watcher.GetDataAsync(root + "/kid", watch: true, none)).Watch!;
            await writer.DeleteAsync(root + "/kid", -1, none);
            Assert.Equal(new WatchEvent(WatchEventType.NodeDeleted, root + "/kid"), await kid.WaitAsync(Short));
            Assert.False(again.IsCompleted, "deleting a child is no change to the parent's data");
            await writer.DeleteAsync(root, -1, none);
            Assert.Equal(new WatchEvent(WatchEventType.NodeDeleted, root), await again.WaitAsync(Short));
        }
        finally
        {
            await watcher.CloseAsync();
            await writer.CloseAsync();
        }
    }

    [ZooKeeperFact]
    public async Task An_ephemeral_node_goes_as_soon_as_its_session_closes()
    {
        var owner = await OpenAsync(TimeSpan.FromSeconds(20));
        var other = await OpenAsync(Short);
        try
        {
            await other.CreateAsync(root, default, CreateMode.Persistent, none);
            await owner.CreateAsync(root + "/e", Utf8("x"), CreateMode.Ephemeral, none);
            var stat = (await other.ExistsAsync(root + "/e", watch: true, none)).Stat!;
            Assert.Equal(owner.Id, stat.EphemeralOwner);
            await AssertCode(ZooKeeperErrorCode.NoChildrenForEphemerals, owner.CreateAsync(root + "/e/x", default, CreateMode.Persistent, none), root + "/e/x");

            await owner.CloseAsync();

            // Gone at once, not after the 20 s session timeout.
            Assert.Null((await other.ExistsAsync(root + "/e", false, none)).Stat);
            Assert.True(owner.IsEnded);
            await AssertCode(ZooKeeperErrorCode.ConnectionLoss, owner.GetDataAsync(root, false, none), null);
        }
        finally
        {
            await other.CloseAsync();
        }
    }

    [ZooKeeperFact]
    public async Task Pings_keep_an_idle_session_alive_past_its_timeout()
    {
        var session = await OpenAsync(Short);
        try
        {
            Assert.Equal(Short, session.Timeout);
            await session.CreateAsync(root, default, CreateMode.Ephemeral, none);
            await Task.Delay(session.Timeout * 1.75);
            Assert.False(session.IsEnded);
            Assert.Equal(1, session.Connections);
            Assert.Equal(session.Id, (await session.ExistsAsync(root, false, none)).Stat!.EphemeralOwner);
        }
        finally
        {
            await session.CloseAsync();
        }
    }

    [ZooKeeperFact]
    public async Task A_lost_connection_fires_every_watch_and_the_session_resumes_with_its_nodes()
    {
        var session = await OpenAsync(Short);
        try
        {
            await session.CreateAsync(root, default, CreateMode.Ephemeral, none);
            var watch = (await session.GetDataAsync(root, watch: true, none)).Watch!;
            var id = session.Id;

            session.DropConnection();

            Assert.Equal(WatchEventType.ConnectionLost, (await watch.WaitAsync(Short)).Type);
            var stat = (await session.ExistsAsync(root, false, none)).Stat; // waits for the reconnect
            Assert.Equal(id, stat!.EphemeralOwner);
            Assert.Equal(id, session.Id);
            Assert.Equal(2, session.Connections);
            Assert.False(session.IsEnded);
        }
        finally
        {
            await session.CloseAsync();
        }
    }

    [ZooKeeperFact]
    public async Task A_session_the_server_expired_fails_its_operations_and_the_client_opens_a_new_one()
    {
        await using var client = new ZooKeeperClient(server.Members, Short);
        var first = await client.SessionAsync(none);
        await first.CreateAsync(root, default, CreateMode.Ephemeral, none);
        var watch = (await first.GetDataAsync(root, watch: true, none)).Watch!;

        await SessionCloser.CloseAsync("127.0.0.1", server.Port, first);

        var end = await first.Ended.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(ZooKeeperErrorCode.SessionExpired, end.Code);
        Assert.Contains("says it has expired", end.Message);
        Assert.Contains((await watch.WaitAsync(Short)).Type, new[] { WatchEventType.ConnectionLost, WatchEventType.SessionExpired });
        await AssertCode(ZooKeeperErrorCode.SessionExpired, first.ExistsAsync(root, false, none), null);

        var second = await client.SessionAsync(none);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Null((await second.ExistsAsync(root, false, none)).Stat);
    }

    [ZooKeeperFact]
    public async Task Opening_a_session_where_nothing_listens_fails_within_its_bound_naming_the_members()
    {
        var nobody = FreePort.Next();
        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<ZooKeeperException>(() =>
            ZooKeeperSession.OpenAsync([("127.0.0.1", nobody)], TimeSpan.FromSeconds(1), none));
        Assert.Equal(ZooKeeperErrorCode.ConnectionLoss, failure.Code);
        Assert.Contains($"127.0.0.1:{nobody}", failure.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    private static ReadOnlyMemory<byte> Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static async Task AssertCode(ZooKeeperErrorCode code, Task operation, string? path)
    {
        var failure = await Assert.ThrowsAsync<ZooKeeperException>(() => operation);
        Assert.Equal(code, failure.Code);
        if (path is not null)
        {
            Assert.Contains(path, failure.Message);
        }
    }

    private Task<ZooKeeperSession> OpenAsync(TimeSpan timeout) => ZooKeeperSession.OpenAsync(server.Members, timeout, none);
}
