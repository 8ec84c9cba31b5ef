namespace PlugRpc.Discovery;

/// <summary>Drops candidate servers before selection (tags, degraded, breaker open …).</summary>
public interface IInstanceFilter
{
    bool Allows(ServiceInstance instance, ClientCallContext context);
}
