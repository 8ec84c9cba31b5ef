using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Filters.Degrade;

/// <summary>Registers the instance filter "degrade", which keeps calls off instances whose heartbeats fail.</summary>
public sealed class DegradePlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder) =>
        builder.RegisterInstanceFilter("degrade", (_, _) => new DegradeFilter());
}
