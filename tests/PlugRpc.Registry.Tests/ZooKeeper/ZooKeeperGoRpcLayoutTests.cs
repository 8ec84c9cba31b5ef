using System.Globalization;
using System.Text.Json;
using PlugRpc.Discovery;
using PlugRpc.Registry.Tests.Infrastructure;
using PlugRpc.Registry.ZooKeeper;

namespace PlugRpc.Registry.Tests.ZooKeeper;

/// <summary>
/// go-rpc and PlugRpc share one tree: &lt;base&gt;/&lt;appKey&gt;/&lt;network&gt;@&lt;address&gt; nodes holding the
/// metadata JSON (tags a nested object) under an app key node whose data is a nanosecond stamp.
/// </summary>
[Collection(ZooKeeperCollection.Name)]
public sealed class ZooKeeperGoRpcLayoutTests(ZooKeeperServer server)
{
    private readonly CancellationToken none = CancellationToken.None;
    private readonly string root = "gorpc-" + Guid.NewGuid().ToString("N")[..8];

    [ZooKeeperFact]
    public async Task A_node_written_as_go_rpc_writes_it_is_listed_with_its_tags_and_its_stamp_touch_wakes_a_listing()
    {
        await using var registry = Open();
        var tree = await ZooKeeperTree.SessionAsync(registry);
        await ZooKeeperTree.CreatePersistentAsync(tree, $"/{root}/arith/tcp@10.0.0.7:8080", """{"tags":{"idc":"lf"},"version":"1.2"}""");
        await ZooKeeperTree.WriteAsync(tree, $"/{root}/arith", ZooKeeperTree.NanosecondsNow());

        var listing = await registry.ListAsync("arith", null, none);

        var instance = Assert.Single(listing.Instances);
        Assert.Equal("tcp://10.0.0.7:8080", instance.Address);
        Assert.Equal(new Dictionary<string, string> { ["idc"] = "lf" }, InstanceTags.Of(instance));
        Assert.Equal("1.2", instance.Metadata["version"]);

        // A go-rpc server touches the stamp after writing its nodes: that alone wakes a waiting listing.
        var waiting = registry.ListAsync("arith", listing, none);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted, "a listing waited for nothing");
        await ZooKeeperTree.WriteAsync(tree, $"/{root}/arith", ZooKeeperTree.NanosecondsNow());
        Assert.Single((await waiting.WaitAsync(TimeSpan.FromSeconds(1))).Instances);
    }

    [ZooKeeperFact]
    public async Task PlugRpcs_node_is_what_a_go_rpc_client_lists()
    {
        await using var registry = Open();
        var registration = ZooKeeperRegistryTests.Registration("arith", "tcp://127.0.0.1:8888", ("tags", """{"idc":"lf"}"""), ("weight", "2"));
        var before = DateTime.UtcNow;

        await using (await Holding.StartAsync(registry, registration))
        {
            var tree = await ZooKeeperTree.SessionAsync(registry);
            var children = await tree.GetChildrenAsync($"/{root}/arith", false, none);
            Assert.Equal("tcp@127.0.0.1:8888", Assert.Single(children.Names));

            var node = await tree.GetDataAsync($"/{root}/arith/tcp@127.0.0.1:8888", false, none);
            Assert.Equal(registry.Client.Current!.Id, node.Stat.EphemeralOwner);
            using var json = JsonDocument.Parse(node.Data);
            Assert.Equal(JsonValueKind.Object, json.RootElement.GetProperty("tags").ValueKind);
            Assert.Equal("lf", json.RootElement.GetProperty("tags").GetProperty("idc").GetString());
            Assert.Equal("2", json.RootElement.GetProperty("weight").GetString());

            var stamp = await ZooKeeperTree.ReadAsync(tree, $"/{root}/arith");
            Assert.Matches("^[0-9]+$", stamp);
            var written = DateTime.UnixEpoch.AddTicks(long.Parse(stamp, CultureInfo.InvariantCulture) / 100);
            Assert.InRange(written, before.AddSeconds(-1), DateTime.UtcNow.AddSeconds(1));
        }
    }

    [ZooKeeperFact]
    public async Task A_malformed_node_is_skipped_naming_it_and_why()
    {
        await using var registry = Open();
        var tree = await ZooKeeperTree.SessionAsync(registry);
        await ZooKeeperTree.CreatePersistentAsync(tree, $"/{root}/mixed/garbage", "{}");
        await ZooKeeperTree.CreatePersistentAsync(tree, $"/{root}/mixed/tcp@127.0.0.1:1", "not json");
        await ZooKeeperTree.CreatePersistentAsync(tree, $"/{root}/mixed/tcp@127.0.0.1:2", "[1,2]");
        await ZooKeeperTree.CreatePersistentAsync(tree, $"/{root}/mixed/tcp@127.0.0.1:3", "");

        var listing = await registry.ListAsync("mixed", null, none);

        Assert.Equal("tcp://127.0.0.1:3", Assert.Single(listing.Instances).Address);
        var skipped = listing.Skipped.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        Assert.Equal([$"/{root}/mixed/garbage", $"/{root}/mixed/tcp@127.0.0.1:1", $"/{root}/mixed/tcp@127.0.0.1:2"], skipped.Select(s => s.Name));
        Assert.Contains("network@address", skipped[0].Reason);
        Assert.Contains("not JSON", skipped[1].Reason);
        Assert.Contains("array", skipped[2].Reason);
    }

    private ZooKeeperRegistry Open() => new(RegistryAddress.Parse(server.UrlFor(root)));
}
