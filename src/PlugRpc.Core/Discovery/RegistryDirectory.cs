using System.Collections.Concurrent;
using Autofac;
using PlugRpc.Components;

namespace PlugRpc.Discovery;

/// <summary>
/// The registries a process has opened, one per URL, shared by its clients and servers (one ZooKeeper session,
/// one etcd client), each opened by the plugin registered for its scheme and disposed with the container.
/// </summary>
public sealed class RegistryDirectory : IAsyncDisposable, IDisposable
{
    private readonly ILifetimeScope container;
    private readonly ConcurrentDictionary<string, Lazy<IRegistry>> open = new(StringComparer.Ordinal);

    public RegistryDirectory(ILifetimeScope container)
    {
        this.container = container;
    }

    /// <summary>The registry at <paramref name="url"/>, opened on first use.</summary>
    /// <exception cref="RpcException">FailedPrecondition: a malformed URL, or no plugin for its scheme; one line saying which.</exception>
    public IRegistry Open(string url)
    {
        var opened = open.GetOrAdd(url, text => new Lazy<IRegistry>(() => OpenNew(text)));
        try
        {
            return opened.Value;
        }
        catch
        {
            open.TryRemove(new KeyValuePair<string, Lazy<IRegistry>>(url, opened));
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var registry in open.Values.Where(r => r.IsValueCreated))
        {
            await registry.Value.DisposeAsync().ConfigureAwait(false);
        }

        open.Clear();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private IRegistry OpenNew(string url)
    {
        RegistryAddress address;
        try
        {
            address = RegistryAddress.Parse(url);
        }
        catch (FormatException ex)
        {
            throw new RpcException(RpcStatusCode.FailedPrecondition, ex.Message, ex);
        }

        var factory = NamedComponents.Resolve<RegistryFactory>(container, "registry scheme", address.Scheme);
        try
        {
            return factory.Open(address);
        }
        catch (FormatException ex)
        {
            throw new RpcException(RpcStatusCode.FailedPrecondition, $"registry {url}: {ex.Message}", ex);
        }
    }
}
