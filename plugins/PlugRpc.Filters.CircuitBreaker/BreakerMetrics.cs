using System.Diagnostics;
using System.Diagnostics.Metrics;
using PlugRpc.Diagnostics;
using PlugRpc.Discovery;

namespace PlugRpc.Filters.CircuitBreaker;

/// <summary>Counts each breaker's state changes, by instance and the state entered, when someone listens.</summary>
internal static class BreakerMetrics
{
    private static readonly Counter<long> Transitions = RpcDiagnostics.Meter.CreateCounter<long>(
        RpcMetricNames.BreakerTransitions, "{transition}", "Circuit breaker state changes, by the state entered");

    /// <summary>Moves <paramref name="instance"/>'s breaker to <paramref name="state"/>, counting the change.</summary>
    public static void Enter(InstanceState instance, BreakerState state)
    {
        var before = instance.Breaker;
        instance.Breaker = state;
        if (before == state || !Transitions.Enabled)
        {
            return;
        }

        Transitions.Add(1, new TagList
        {
            { RpcTelemetryTags.ServerAddress, instance.Address },
            { RpcTelemetryTags.BreakerState, NameOf(state) },
        });
    }

    private static string NameOf(BreakerState state) => state switch
    {
        BreakerState.Open => "open",
        BreakerState.HalfOpen => "half_open",
        _ => "closed",
    };
}
