using System.Diagnostics;
using PlugRpc.Discovery;

namespace PlugRpc.Selectors;

/// <summary>
/// The mean <see cref="InstanceState.EwmaLatency"/> of the instances that have one, or <see cref="Default"/>: what an
/// instance without a sample yet is taken to cost. Worked out at most every <see cref="Refresh"/>, and only when
/// asked for.
/// </summary>
internal sealed class MeanLatency
{
    public static readonly TimeSpan Default = TimeSpan.FromMilliseconds(1);

    private static readonly long Refresh = Stopwatch.Frequency / 10;
    private IReadOnlyList<InstanceState>? instances;
    private long ticks;
    private long computedAt;

    /// <summary>Takes the instances of a new view to average over from now on.</summary>
    public void OnViewChanged(InstanceView view)
    {
        Volatile.Write(ref instances, view.Instances);
        Volatile.Write(ref computedAt, 0);
    }

    /// <summary>The mean in ticks, over the view's instances (over <paramref name="candidates"/> before any view).</summary>
    public long Ticks(IReadOnlyList<InstanceState> candidates)
    {
        var now = Stopwatch.GetTimestamp();
        var at = Volatile.Read(ref computedAt);
        if (at != 0 && now - at < Refresh)
        {
            return Volatile.Read(ref ticks);
        }

        var over = Volatile.Read(ref instances) ?? candidates;
        long sum = 0;
        var sampled = 0;
        for (var i = 0; i < over.Count; i++)
        {
            var latency = over[i].EwmaLatency.Ticks;
            if (latency > 0)
            {
                sum += latency;
                sampled++;
            }
        }

        var mean = sampled > 0 ? sum / sampled : Default.Ticks;
        Volatile.Write(ref ticks, mean);
        Volatile.Write(ref computedAt, now);
        return mean;
    }
}
