using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PlugRpc.Diagnostics;

/// <summary>
/// The one ActivitySource and the one Meter of PlugRpc, both named "PlugRpc": Core and every plugin record on
/// these, so an exporter (the OpenTelemetry plugin, dotnet-counters) subscribes once. With no listener they cost a
/// check each.
/// </summary>
public static class RpcDiagnostics
{
    public const string Name = "PlugRpc";

    public static ActivitySource ActivitySource { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);
}
