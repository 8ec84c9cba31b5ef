using PlugRpc.Discovery;

namespace PlugRpc.Filters.Degrade;

/// <summary>Leaves out instances the client's heartbeats marked degraded, until a heartbeat succeeds again.</summary>
public sealed class DegradeFilter : IInstanceFilter
{
    public string Reason => "degraded: heartbeats failing";

    public bool Allows(InstanceState instance, ClientCallContext context) => !instance.Degraded;
}
