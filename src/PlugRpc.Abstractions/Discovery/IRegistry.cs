namespace PlugRpc.Discovery;

/// <summary>Where servers announce themselves under an application key and clients find them.</summary>
public interface IRegistry
{
    string Name { get; }

    Task RegisterAsync(string appKey, ServiceInstance instance, CancellationToken cancellationToken);

    Task DeregisterAsync(string appKey, ServiceInstance instance, CancellationToken cancellationToken);

    Task<IReadOnlyList<ServiceInstance>> ListAsync(string appKey, CancellationToken cancellationToken);

    /// <summary>Yields the whole instance list each time it changes, until cancelled.</summary>
    IAsyncEnumerable<IReadOnlyList<ServiceInstance>> WatchAsync(string appKey, CancellationToken cancellationToken);
}
