using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Registry.Embedded;

/// <summary>The registries that need no server: memory:// within one process, file:///folder across the processes of one machine.</summary>
public sealed class EmbeddedRegistryPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterRegistry("memory", (_, address) => new MemoryRegistry(address));
        builder.RegisterRegistry("file", (_, address) => new FileRegistry(address));
    }
}
