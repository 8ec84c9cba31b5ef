using PlugRpc.Discovery;

namespace PlugRpc.Selectors;

/// <summary>Picks any candidate with equal chance (go-rpc's only strategy).</summary>
public sealed class RandomSelector : ISelector
{
    public string Name => "random";

    public ServiceInstance? Select(IReadOnlyList<ServiceInstance> candidates, ClientCallContext context) =>
        candidates.Count switch
        {
            0 => null,
            1 => candidates[0],
            _ => candidates[Random.Shared.Next(candidates.Count)],
        };
}
