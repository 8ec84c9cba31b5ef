using System.Diagnostics;
using PlugRpc.Discovery;

namespace PlugRpc.Selectors;

/// <summary>
/// Slow start for one selector: an instance younger than the warm-up gets a share that grows linearly with its
/// <see cref="InstanceState.Age"/> from <see cref="FloorShare"/> to 1. Knows from the view when everyone is warm, so
/// that picks then skip reading ages altogether.
/// </summary>
public sealed class SlowStart
{
    /// <summary>The share of a full one an instance gets at age zero.</summary>
    public const double FloorShare = 0.1;

    private const int MaxDraws = 32;
    private readonly TimeSpan warmup;
    private long everyoneWarmAt = long.MaxValue;

    public SlowStart(TimeSpan warmup)
    {
        this.warmup = warmup;
    }

    public bool Enabled => warmup > TimeSpan.Zero;

    /// <summary>Whether an instance may still be warming up; false once every instance of the view is warm.</summary>
    public bool AnyWarming => Enabled && Stopwatch.GetTimestamp() < Volatile.Read(ref everyoneWarmAt);

    /// <summary>Notes when the youngest instance of <paramref name="view"/> will be warm.</summary>
    public void OnViewChanged(InstanceView view)
    {
        if (!Enabled)
        {
            return;
        }

        var longest = TimeSpan.Zero;
        var instances = view.Instances;
        for (var i = 0; i < instances.Count; i++)
        {
            var left = warmup - instances[i].Age;
            if (left > longest)
            {
                longest = left;
            }
        }

        Volatile.Write(ref everyoneWarmAt, Stopwatch.GetTimestamp() + (long)(longest.TotalSeconds * Stopwatch.Frequency));
    }

    /// <summary>The share, between <see cref="FloorShare"/> and 1, an instance of <paramref name="age"/> gets.</summary>
    public double ShareAt(TimeSpan age) =>
        !Enabled || age >= warmup ? 1 : FloorShare + ((1 - FloorShare) * Math.Max(0, age.Ticks) / warmup.Ticks);

    public double ShareOf(InstanceState instance) => Enabled ? ShareAt(instance.Age) : 1;

    /// <summary>Lets <paramref name="instance"/> through with the chance of its share (always once warm).</summary>
    public bool Admits(InstanceState instance)
    {
        var share = ShareOf(instance);
        return share >= 1 || Random.Shared.NextDouble() < share;
    }

    /// <summary>
    /// A random candidate with chances in proportion to the candidates' shares (draw uniformly, keep with the
    /// chance of its share); after many refusals in a row, the last one drawn.
    /// </summary>
    public InstanceState PickByShare(IReadOnlyList<InstanceState> candidates)
    {
        var count = candidates.Count;
        for (var draw = 1; ; draw++)
        {
            var candidate = candidates[Random.Shared.Next(count)];
            if (draw == MaxDraws || Admits(candidate))
            {
                return candidate;
            }
        }
    }
}
