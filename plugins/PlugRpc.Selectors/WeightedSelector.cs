using PlugRpc.Discovery;

namespace PlugRpc.Selectors;

/// <summary>
/// "weighted": smooth weighted round robin (nginx's), on each instance's <see cref="InstanceState.Weight"/>: weights
/// 5:1:1 give a a b a c a a. Each pick runs over the candidates only, so an instance left out keeps its place
/// until it is back. During the warm-up a young instance's weight is scaled by its share. Picks take a short lock:
/// the algorithm moves every candidate's current weight at once.
/// </summary>
public sealed class WeightedSelector : ISelector
{
    private readonly Lock gate = new();
    private readonly SlowStart slowStart;

    public WeightedSelector(TimeSpan warmup = default)
    {
        slowStart = new SlowStart(warmup);
    }

    /// <summary>A new view starts every instance's current weight afresh, as nginx does on reload.</summary>
    public void OnViewChanged(InstanceView view)
    {
        slowStart.OnViewChanged(view);
        lock (gate)
        {
            var instances = view.Instances;
            for (var i = 0; i < instances.Count; i++)
            {
                CurrentOf(instances[i]).Value = 0;
            }
        }
    }

    public InstanceState Select(IReadOnlyList<InstanceState> candidates, ClientCallContext context)
    {
        var warming = slowStart.AnyWarming;
        lock (gate)
        {
            var best = candidates[0];
            CurrentWeight? bestCurrent = null;
            var total = 0.0;
            for (var i = 0; i < candidates.Count; i++)
            {
                var candidate = candidates[i];
                var weight = warming ? candidate.Weight * slowStart.ShareOf(candidate) : candidate.Weight;
                var current = CurrentOf(candidate);
                current.Value += weight;
                total += weight;
                if (bestCurrent is null || current.Value > bestCurrent.Value)
                {
                    best = candidate;
                    bestCurrent = current;
                }
            }

            bestCurrent!.Value -= total;
            return best;
        }
    }

    private CurrentWeight CurrentOf(InstanceState instance) => instance.GetFeature(this, static _ => new CurrentWeight());

    /// <summary>An instance's current weight in this selector; read and written under the selector's lock.</summary>
    private sealed class CurrentWeight
    {
        public double Value;
    }
}
