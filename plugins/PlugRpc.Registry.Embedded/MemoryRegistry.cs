using System.Collections.Concurrent;
using PlugRpc.Discovery;

namespace PlugRpc.Registry.Embedded;

/// <summary>
/// memory://[name]: a registry inside one process, for tests and single-process demos. Every registry object of
/// the same URL (whatever container opened it) sees the same entries.
/// </summary>
public sealed class MemoryRegistry : IRegistry
{
    private static readonly ConcurrentDictionary<string, MemoryStore> Stores = new(StringComparer.Ordinal);

    private readonly MemoryStore store;

    /// <exception cref="FormatException">The URL has a parameter (memory:// takes none).</exception>
    public MemoryRegistry(RegistryAddress address)
    {
        address.CheckParameters();
        Address = address;
        store = Stores.GetOrAdd(string.Join(",", address.Hosts) + address.Path, _ => new MemoryStore());
    }

    public RegistryAddress Address { get; }

    public async Task<RegistryListing> ListAsync(string appKey, RegistryListing? after, CancellationToken cancellationToken)
    {
        if (after is not null)
        {
            await store.ChangedSince(after.Version).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var (instances, version) = store.List(appKey);
        return new RegistryListing(instances, version);
    }

    public async Task HoldAsync(ServiceRegistration registration, Action registered, CancellationToken cancellationToken)
    {
        store.Put(registration);
        registered();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Held until cancelled; RemoveAsync takes it out.
        }
    }

    public Task RemoveAsync(ServiceRegistration registration, CancellationToken cancellationToken)
    {
        store.Remove(registration);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>One memory:// namespace: app keys to their instances, and a version that grows with each change.</summary>
    private sealed class MemoryStore
    {
        private readonly Lock gate = new();
        private readonly Dictionary<string, Dictionary<string, ServiceInstance>> apps = new(StringComparer.Ordinal);
        private long version = 1;
        private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public (IReadOnlyList<ServiceInstance> Instances, long Version) List(string appKey)
        {
            lock (gate)
            {
                return (apps.TryGetValue(appKey, out var instances) ? [.. instances.Values] : [], version);
            }
        }

        public Task ChangedSince(long seen)
        {
            lock (gate)
            {
                return version != seen ? Task.CompletedTask : changed.Task;
            }
        }

        public void Put(ServiceRegistration registration) => Change(apps =>
        {
            if (!apps.TryGetValue(registration.AppKey, out var instances))
            {
                apps[registration.AppKey] = instances = new Dictionary<string, ServiceInstance>(StringComparer.Ordinal);
            }

            instances[registration.Instance.Address] = registration.Instance;
        });

        public void Remove(ServiceRegistration registration) => Change(apps =>
        {
            if (apps.TryGetValue(registration.AppKey, out var instances))
            {
                instances.Remove(registration.Instance.Address);
            }
        });

        private void Change(Action<Dictionary<string, Dictionary<string, ServiceInstance>>> change)
        {
            TaskCompletionSource wake;
            lock (gate)
            {
                change(apps);
                version++;
                wake = changed;
                changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            wake.SetResult();
        }
    }
}
