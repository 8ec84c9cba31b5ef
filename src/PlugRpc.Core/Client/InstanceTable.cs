using System.Collections.Concurrent;
using PlugRpc.Discovery;

namespace PlugRpc.Client;

/// <summary>
/// The one <see cref="InstanceState"/> per address of a client, kept for its lifetime: views come and go, the
/// state of an instance that stays in them stays with it; heartbeats and connections find it here by address.
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
