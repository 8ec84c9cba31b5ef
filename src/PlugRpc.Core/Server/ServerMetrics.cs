using System.Diagnostics;
using System.Diagnostics.Metrics;
using PlugRpc.Diagnostics;
using PlugRpc.Protocol;

namespace PlugRpc.Server;

/// <summary>
/// The server side's request instruments: duration (with the outcome's status: failures are its measurements whose
/// status is not 0), requests in flight, and request and response sizes. Each is checked for a listener before its
/// tags are built.
/// </summary>
internal static class ServerMetrics
{
    internal static readonly Histogram<double> Duration = RpcDiagnostics.Meter.CreateHistogram(
        RpcMetricNames.ServerDuration, "ms", "Requests from arrival to answer", tags: null, advice: Buckets.Milliseconds);

    internal static readonly UpDownCounter<long> ActiveCalls = RpcDiagnostics.Meter.CreateUpDownCounter<long>(
        RpcMetricNames.ServerActiveCalls, "{call}", "Requests being served");

    internal static readonly Histogram<long> RequestSize = RpcDiagnostics.Meter.CreateHistogram(
        RpcMetricNames.ServerRequestSize, "By", "Request bodies read, as on the wire", tags: null, advice: Buckets.Bytes);

    internal static readonly Histogram<long> ResponseSize = RpcDiagnostics.Meter.CreateHistogram(
        RpcMetricNames.ServerResponseSize, "By", "Response bodies answered, as on the wire", tags: null, advice: Buckets.Bytes);

    public static bool IsOn => Duration.Enabled || ActiveCalls.Enabled || RequestSize.Enabled || ResponseSize.Enabled;

    /// <summary>A request arrived: counted in flight and its size; returns whether it was counted in flight.</summary>
    public static bool RequestArrived(MessageHeader request, bool known, long bodyBytes)
    {
        var tags = TagsOf(request, known);
        if (RequestSize.Enabled)
        {
            RequestSize.Record(bodyBytes, tags);
        }

        if (!ActiveCalls.Enabled)
        {
            return false;
        }

        ActiveCalls.Add(1, tags);
        return true;
    }

    /// <param name="responseBytes">The answer's body, or -1 for an error or no answer.</param>
    public static void RequestEnded(MessageHeader request, in RequestObservation observation, RpcStatusCode status, long responseBytes)
    {
        var tags = TagsOf(request, observation.KnownMethod);
        if (observation.CountedActive)
        {
            ActiveCalls.Add(-1, tags);
        }

        if (responseBytes >= 0 && ResponseSize.Enabled)
        {
            ResponseSize.Record(responseBytes, tags);
        }

        if (Duration.Enabled)
        {
            tags.Add(RpcTelemetryTags.StatusCode, TagValues.Of(status));
            Duration.Record(Stopwatch.GetElapsedTime(observation.StartedAt).TotalMilliseconds, tags);
        }
    }

    private static TagList TagsOf(MessageHeader request, bool known) => new()
    {
        { RpcTelemetryTags.RpcSystem, RpcTelemetryTags.RpcSystemValue },
        { RpcTelemetryTags.RpcService, known ? request.ServiceName : RpcTelemetryTags.Other },
        { RpcTelemetryTags.RpcMethod, known ? request.MethodName : RpcTelemetryTags.Other },
    };
}
