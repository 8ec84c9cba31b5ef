namespace PlugRpc.Discovery;

/// <summary>Load balancing: picks the server for one call among the candidates left after the instance filters.</summary>
public interface ISelector
{
    string Name { get; }

    /// <summary>Returns null only when <paramref name="candidates"/> is empty.</summary>
    ServiceInstance? Select(IReadOnlyList<ServiceInstance> candidates, ClientCallContext context);
}
