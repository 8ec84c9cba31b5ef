using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Registry.Etcd;

/// <summary>Registers the registry scheme "etcd": etcd://host:2379[,host:2379…][/prefix][?ttl=10s], over etcd v3's gRPC API.</summary>
public sealed class EtcdRegistryPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder) =>
        builder.RegisterRegistry("etcd", (_, address) => new EtcdRegistry(address));
}
