using System.Diagnostics;
using PlugRpc.Diagnostics;
using PlugRpc.Discovery;
using PlugRpc.Options;

namespace PlugRpc.Client;

/// <summary>
/// Reads a client's <see cref="ClientOverview"/>: its discovery and each instance of its view, plus the instances
/// that left the view since an earlier reading, for a minute, so that a reader sees them leave and go.
/// </summary>
internal sealed class ClientOverviewReader
{
    private static readonly TimeSpan LeftShownFor = TimeSpan.FromMinutes(1);
    private readonly IInstanceSource source;
    private readonly string? appKey;
    private readonly IReadOnlyList<string> addresses;
    private readonly Dictionary<InstanceState, long> leftAt = [];
    private IReadOnlyList<InstanceState> lastView = [];

    public ClientOverviewReader(ClientOptions options, IInstanceSource source)
    {
        this.source = source;
        appKey = options.Registry is null ? null : options.AppKey;
        addresses = [.. options.Addresses, .. options.Instances.Select(i => i.Address)];
    }

    public ClientOverview Read()
    {
        var status = source.Status;
        var view = source.Current.Instances;
        var instances = new List<InstanceOverview>(view.Count);
        foreach (var instance in view)
        {
            instances.Add(Of(instance, inView: true));
        }

        lock (leftAt)
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var seen in lastView)
            {
                if (!view.Contains(seen))
                {
                    leftAt.TryAdd(seen, now);
                }
            }

            lastView = view;
            foreach (var (instance, at) in leftAt.ToArray())
            {
                if (view.Contains(instance) || Stopwatch.GetElapsedTime(at, now) > LeftShownFor)
                {
                    leftAt.Remove(instance);
                }
            }

            foreach (var instance in leftAt.Keys.OrderBy(i => i.Address, StringComparer.Ordinal))
            {
                instances.Add(Of(instance, inView: false));
            }
        }

        return new ClientOverview(status.Origin, appKey, addresses, status.Reachable, status.Problem, status.ConfirmedAt, instances);
    }

    private static InstanceOverview Of(InstanceState instance, bool inView) => new(
        instance.Address,
        inView,
        instance.Connected,
        instance.HeartbeatFailures,
        instance.Degraded,
        instance.Breaker,
        instance.Outstanding,
        instance.EwmaLatency,
        instance.LatencyP95);
}
