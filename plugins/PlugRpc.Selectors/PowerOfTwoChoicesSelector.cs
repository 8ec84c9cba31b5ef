using PlugRpc.Discovery;

namespace PlugRpc.Selectors;

/// <summary>
/// "p2c", the framework's default: power of two choices. Draws two distinct candidates at random and takes the one
/// that costs less, cost = (<see cref="InstanceState.Outstanding"/> + 1) × <see cref="InstanceState.EwmaLatency"/>,
/// so load drifts away from busy or slow instances without a global view. An instance with no latency sample yet
/// counts as the mean of the others, so new instances get tried. During the warm-up each drawn instance is
/// admitted with the chance of its share; one that is not loses to one that is. An instance that has lost every
/// draw for a second wins the next one it is in: its latency is learnt again, so one slow spell does not starve it.
/// </summary>
public sealed class PowerOfTwoChoicesSelector : ISelector
{
    private const long ProbeAfterMs = 1000;
    private readonly SlowStart slowStart;
    private readonly MeanLatency meanLatency = new();

    public PowerOfTwoChoicesSelector(TimeSpan warmup = default)
    {
        slowStart = new SlowStart(warmup);
    }

    public void OnViewChanged(InstanceView view)
    {
        slowStart.OnViewChanged(view);
        meanLatency.OnViewChanged(view);
    }

    public InstanceState Select(IReadOnlyList<InstanceState> candidates, ClientCallContext context)
    {
        var count = candidates.Count;
        if (count == 1)
        {
            return candidates[0];
        }

        var first = Random.Shared.Next(count);
        var second = Random.Shared.Next(count - 1);
        if (second >= first)
        {
            second++;
        }

        var a = candidates[first];
        var b = candidates[second];
        if (slowStart.AnyWarming)
        {
            var aAdmitted = slowStart.Admits(a);
            if (aAdmitted != slowStart.Admits(b))
            {
                return aAdmitted ? a : b;
            }
        }

        // Ties go to the first drawn, itself random.
        var (winner, loser) = Cost(b, candidates) < Cost(a, candidates) ? (b, a) : (a, b);
        var now = Environment.TickCount64;
        var loserPick = LastPickOf(loser);
        if (now - Volatile.Read(ref loserPick.At) > ProbeAfterMs)
        {
            winner = loser;
        }

        Volatile.Write(ref LastPickOf(winner).At, now);
        return winner;
    }

    private LastPick LastPickOf(InstanceState instance) =>
        instance.GetFeature(this, static _ => new LastPick { At = Environment.TickCount64 });

    private double Cost(InstanceState instance, IReadOnlyList<InstanceState> candidates)
    {
        var latency = instance.EwmaLatency.Ticks;
        if (latency == 0)
        {
            latency = meanLatency.Ticks(candidates);
        }

        return (instance.Outstanding + 1.0) * latency;
    }

    /// <summary>When this selector last picked the instance, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    private sealed class LastPick
    {
        public long At;
    }
}
