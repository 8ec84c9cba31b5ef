namespace PlugRpc.Discovery;

/// <summary>
/// One registry (a ZooKeeper ensemble, an etcd cluster, a Consul agent, a folder …) as its plugin speaks to it:
/// servers hold their registration in it, clients list and watch an app key's instances. Core adds the policy
/// around it (retries with backoff, the client's cached view, the shutdown order), so a plugin implements only
/// the registry's mechanisms. One object serves every client and server of a process that names its URL.
/// </summary>
public interface IRegistry : IAsyncDisposable
{
    RegistryAddress Address { get; }

    /// <summary>
    /// The instances registered under <paramref name="appKey"/> now. Given <paramref name="after"/>, a listing this
    /// registry returned before, it first waits until the list may have changed since (the registry's watch or
    /// blocking query), then lists again; a plugin may also return after a wait of its own choosing.
    /// </summary>
    /// <exception cref="RegistryException">The registry cannot be reached or refused; the message says why.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    Task<RegistryListing> ListAsync(string appKey, RegistryListing? after, CancellationToken cancellationToken);

    /// <summary>
    /// Puts <paramref name="registration"/> in the registry, calls <paramref name="registered"/> once it is there,
    /// and keeps it there by the registry's own means (a session and ephemeral node, a lease kept alive, a TTL check
    /// passed) until <paramref name="cancellationToken"/> is cancelled, then returns, leaving the entry for
    /// <see cref="RemoveAsync"/>. When the registry loses it (session expired, lease lost, registry unreachable
    /// too long), throws; Core calls again after a backoff.
    /// </summary>
    /// <exception cref="RegistryException">The registration could not be made or was lost; the message says why.</exception>
    Task HoldAsync(ServiceRegistration registration, Action registered, CancellationToken cancellationToken);

    /// <summary>Takes <paramref name="registration"/> out of the registry (a graceful deregistration).</summary>
    /// <exception cref="RegistryException">The registry cannot be reached; the entry then leaves as the registry expires it.</exception>
    Task RemoveAsync(ServiceRegistration registration, CancellationToken cancellationToken);
}
