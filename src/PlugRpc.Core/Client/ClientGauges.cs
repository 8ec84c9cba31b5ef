using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using PlugRpc.Diagnostics;

namespace PlugRpc.Client;

/// <summary>
/// Gauges over the process's live clients, read only when a listener collects: the instances in each view, those
/// heartbeats marked degraded, and how old a registry-backed view is. Clients sharing an origin (app key and
/// registry) report it once, the largest figure.
/// </summary>
internal static class ClientGauges
{
    private static readonly ConditionalWeakTable<IInstanceSource, object?> Sources = [];

    internal static readonly ObservableGauge<int> Instances = RpcDiagnostics.Meter.CreateObservableGauge(
        RpcMetricNames.ClientInstances, () => PerOrigin(source => source.Current.Instances.Count), "{instance}", "Instances in each client's view");

    internal static readonly ObservableGauge<int> Degraded = RpcDiagnostics.Meter.CreateObservableGauge(
        RpcMetricNames.ClientDegradedInstances, () => PerOrigin(DegradedIn), "{instance}", "Instances that heartbeats marked degraded");

    internal static readonly ObservableGauge<double> DiscoveryAge = RpcDiagnostics.Meter.CreateObservableGauge(
        RpcMetricNames.DiscoveryAge, DiscoveryAges, "s", "How long ago the registry last confirmed the view");

    /// <summary>A client's instances count from now until it is disposed (or collected).</summary>
    public static void Track(IInstanceSource source) => Sources.AddOrUpdate(source, null);

    public static void Forget(IInstanceSource source) => Sources.Remove(source);

    private static int DegradedIn(IInstanceSource source)
    {
        var count = 0;
        foreach (var instance in source.Current.Instances)
        {
            count += instance.Degraded ? 1 : 0;
        }

        return count;
    }

    private static List<Measurement<int>> PerOrigin(Func<IInstanceSource, int> figure)
    {
        var byOrigin = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (source, _) in Sources)
        {
            var origin = source.Status.Origin;
            var value = figure(source);
            byOrigin[origin] = byOrigin.TryGetValue(origin, out var seen) ? Math.Max(seen, value) : value;
        }

        return [.. byOrigin.Select(pair => new Measurement<int>(pair.Value, OriginTag(pair.Key)))];
    }

    private static List<Measurement<double>> DiscoveryAges()
    {
        var now = DateTimeOffset.UtcNow;
        var byOrigin = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (source, _) in Sources)
        {
            if (source.Status is { ConfirmedAt: { } confirmed } status)
            {
                var age = Math.Max(0, (now - confirmed).TotalSeconds);
                byOrigin[status.Origin] = byOrigin.TryGetValue(status.Origin, out var seen) ? Math.Max(seen, age) : age;
            }
        }

        return [.. byOrigin.Select(pair => new Measurement<double>(pair.Value, OriginTag(pair.Key)))];
    }

    private static TagList OriginTag(string origin) => new() { { RpcTelemetryTags.DiscoveryOrigin, origin } };
}
