using PlugRpc.Discovery;

namespace PlugRpc.Selectors;

/// <summary>
/// "hash": consistent hashing on <see cref="CallOptions.RoutingKey"/>, so calls with the same key go to the same
/// instance, and an instance leaving moves only its own keys (a ring of virtual nodes built once per view). When
/// the key's instance is not among the candidates, the next one on the ring that is takes the call. A call without
/// a routing key goes to a random candidate. No slow start: it would move keys.
/// </summary>
public sealed class HashSelector : ISelector
{
    private HashRing ring = HashRing.Empty;

    public void OnViewChanged(InstanceView view) => Volatile.Write(ref ring, new HashRing(view.Instances));

    public InstanceState Select(IReadOnlyList<InstanceState> candidates, ClientCallContext context)
    {
        if (context.Options.RoutingKey is not { } key)
        {
            return candidates[Random.Shared.Next(candidates.Count)];
        }

        var hash = StableHash.Of(key);
        // A candidate the ring does not know (a pick racing a view change) still keeps each key in one place.
        return Volatile.Read(ref ring).Find(hash, candidates) ?? candidates[(int)(hash % (uint)candidates.Count)];
    }
}
