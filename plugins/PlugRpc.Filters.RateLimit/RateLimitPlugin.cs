using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Filters.RateLimit;

/// <summary>
/// Registers "ratelimit" as both a client filter and a server filter (a side takes the kind it has), each with
/// limits of its own built from these settings.
/// </summary>
public sealed class RateLimitPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder)
    {
        var settings = RateLimitSettings.From(ReadSettings<RateLimitOptions>());
        builder.RegisterClientFilter("ratelimit", (_, _) => new RateLimitClientFilter(settings));
        builder.RegisterServerFilter("ratelimit", (_, _) => new RateLimitServerFilter(settings));
    }
}
