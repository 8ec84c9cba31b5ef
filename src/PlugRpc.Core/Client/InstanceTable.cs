using System.Collections.Concurrent;
using PlugRpc.Discovery;

namespace PlugRpc.Client;

/// <summary>
/// The one <see cref="InstanceState"/> per address of a client's view: views come and go, the state of an
/// instance that stays in them stays with it; heartbeats and connections find it here by address. An instance
/// that leaves the view is forgotten, so a client whose servers come and go for months holds only those there now.
/// </summary>
internal sealed class InstanceTable
{
    private readonly ConcurrentDictionary<string, InstanceState> states = new(StringComparer.Ordinal);

    /// <summary>The state for <paramref name="instance"/>'s address, taking its latest metadata.</summary>
    public InstanceState Track(ServiceInstance instance)
    {
        var state = states.GetOrAdd(instance.Address, static (_, fresh) => new InstanceState(fresh), instance);
        if (!ReferenceEquals(state.Instance, instance) && !SameMetadata(state.Instance, instance))
        {
            state.Update(instance);
        }

        return state;
    }

    public bool TryGet(string address, out InstanceState state) => states.TryGetValue(address, out state!);

    /// <summary>Drops <paramref name="instance"/>'s state: it left the view (an address that comes back starts afresh).</summary>
    public void Forget(InstanceState instance) => states.TryRemove(new KeyValuePair<string, InstanceState>(instance.Address, instance));

    private static bool SameMetadata(ServiceInstance a, ServiceInstance b)
    {
        if (a.Metadata.Count != b.Metadata.Count)
        {
            return false;
        }

        foreach (var (key, value) in a.Metadata)
        {
            if (!b.Metadata.TryGetValue(key, out var other) || other != value)
            {
                return false;
            }
        }

        return true;
    }
}
