using PlugRpc.Discovery;

namespace PlugRpc.Selectors;

/// <summary>"random": any candidate with equal chance (go-rpc's strategy), young instances less during the warm-up.</summary>
public sealed class RandomSelector : ISelector
{
    private readonly SlowStart slowStart;

    public RandomSelector(TimeSpan warmup = default)
    {
        slowStart = new SlowStart(warmup);
    }

    public void OnViewChanged(InstanceView view) => slowStart.OnViewChanged(view);

    public InstanceState Select(IReadOnlyList<InstanceState> candidates, ClientCallContext context) =>
        slowStart.AnyWarming ? slowStart.PickByShare(candidates) : candidates[Random.Shared.Next(candidates.Count)];
}
