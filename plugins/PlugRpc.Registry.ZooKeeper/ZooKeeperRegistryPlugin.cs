using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Registry.ZooKeeper;

/// <summary>Registers the registry scheme "zookeeper": zookeeper://h1:2181,h2:2181/base/path?sessionTimeout=10s.</summary>
public sealed class ZooKeeperRegistryPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder) =>
        builder.RegisterRegistry("zookeeper", (context, address) => new ZooKeeperRegistry(address, context.LoggerFor<ZooKeeperRegistry>()));
}
