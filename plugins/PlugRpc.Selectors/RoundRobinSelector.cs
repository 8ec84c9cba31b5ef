using PlugRpc.Discovery;

namespace PlugRpc.Selectors;

/// <summary>
/// "roundrobin": each pick takes the next candidate in view order, from one counter shared by every thread (each
/// client starts at a random place so that many clients do not all begin on the same instance).
/// </summary>
public sealed class RoundRobinSelector : ISelector
{
    private long next = Random.Shared.Next();

    public InstanceState Select(IReadOnlyList<InstanceState> candidates, ClientCallContext context)
    {
        var turn = (ulong)Interlocked.Increment(ref next);
        return candidates[(int)(turn % (uint)candidates.Count)];
    }
}
