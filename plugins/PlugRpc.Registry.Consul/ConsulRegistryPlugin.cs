using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Registry.Consul;

/// <summary>
/// Registers the registry scheme "consul": <c>consul://host:8500?ttl=10s&amp;deregisterAfter=1m&amp;token=…&amp;wait=30s</c>,
/// one Consul agent spoken to over its HTTP API (see <see cref="ConsulSettings"/> for the parameters).
/// </summary>
public sealed class ConsulRegistryPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder) =>
        builder.RegisterRegistry("consul", (_, address) => new ConsulRegistry(address));
}
