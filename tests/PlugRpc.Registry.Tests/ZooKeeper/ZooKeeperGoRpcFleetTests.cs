using PlugRpc.Discovery;
using PlugRpc.Registry.Tests.Infrastructure;
using PlugRpc.Registry.ZooKeeper;

namespace PlugRpc.Registry.Tests.ZooKeeper;

/// <summary>go-rpc and PlugRpc in one ZooKeeper tree, end to end: a node as a go-rpc server writes it is found and called.</summary>
[Collection(ZooKeeperCollection.Name)]
public sealed class ZooKeeperGoRpcFleetTests(ZooKeeperServer server)
{
    [ZooKeeperFact]
    public async Task A_server_registered_the_way_go_rpc_does_is_discovered_with_its_tags_and_called()
    {
        await using var bed = new RegistryBed();
        var root = "/gorpc-" + Guid.NewGuid().ToString("N")[..8];
        var url = server.UrlFor(root);
        var unregistered = Components.RpcContainerExtensions.CreateRpcServer(bed.BuildContainer(), new Options.ServerOptions());
        unregistered.AddService(new Samples.Arith.ArithService());
        var address = await unregistered.ListenAsync("tcp://127.0.0.1:0");
        await using (unregistered)
        {
            await using var writer = new ZooKeeperRegistry(RegistryAddress.Parse(url));
            var session = await ZooKeeperTree.SessionAsync(writer);
            await ZooKeeperTree.CreatePersistentAsync(session, $"{root}/arith/{InstanceNodeName.Of(address.ToString())}", """{"tags":{"idc":"lf"}}""");
            await ZooKeeperTree.WriteAsync(session, $"{root}/arith", ZooKeeperTree.NanosecondsNow());
            var client = bed.CreateClient(url, "arith", o =>
            {
                o.Filters = ["tags"];
                o.Tagged = true;
                o.Tags = new Dictionary<string, string> { ["idc"] = "lf" };
            });

            var reply = await RegistryBed.AddAsync(client, 20, 22);

            Assert.Equal(42, reply.Reply);
            var instance = Assert.Single(client.Instances);
            Assert.Equal(address.ToString(), instance.Address);
            Assert.Equal("lf", InstanceTags.Of(instance.Instance)["idc"]);
        }
    }
}
