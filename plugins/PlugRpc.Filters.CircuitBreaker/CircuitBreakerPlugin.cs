using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Filters.CircuitBreaker;

/// <summary>
/// Registers the instance filter "breaker": one breaker per client, with the client's circuitBreakerThreshold and
/// circuitBreakerWindow and this plugin's coolDown and halfOpenProbes.
/// </summary>
public sealed class CircuitBreakerPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder)
    {
        var settings = ReadSettings<CircuitBreakerOptions>();
        settings.Validate();
        builder.RegisterInstanceFilter("breaker", (_, side) => new CircuitBreakerFilter(
            side.CircuitBreakerThreshold, side.CircuitBreakerWindow, settings.CoolDown, settings.HalfOpenProbes));
    }
}
