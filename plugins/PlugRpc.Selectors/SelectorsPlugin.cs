using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Selectors;

/// <summary>
/// Registers the client's load balancers by name: "random", "roundrobin", "weighted", "hash" and "p2c" (the
/// framework's default); each client gets its own. Setting "warmup" ramps young instances up in random, weighted
/// and p2c.
/// </summary>
public sealed class SelectorsPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder)
    {
        var warmup = ReadSettings<SelectorsOptions>().Warmup;
        if (warmup < TimeSpan.Zero)
        {
            throw new PluginSettingsException($"selectors: settings.warmup must not be negative, not {warmup}");
        }

        builder.RegisterSelector("random", _ => new RandomSelector(warmup));
        builder.RegisterSelector("roundrobin", _ => new RoundRobinSelector());
        builder.RegisterSelector("weighted", _ => new WeightedSelector(warmup));
        builder.RegisterSelector("hash", _ => new HashSelector());
        builder.RegisterSelector("p2c", _ => new PowerOfTwoChoicesSelector(warmup));
    }
}
