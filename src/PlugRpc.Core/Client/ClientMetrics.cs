using System.Diagnostics;
using System.Diagnostics.Metrics;
using PlugRpc.Diagnostics;
using PlugRpc.Options;

namespace PlugRpc.Client;

/// <summary>
/// The client side's call instruments: duration (with the outcome's status: failures are its measurements whose
/// status is not 0), calls in flight, request and response sizes, and the attempts a fail mode adds. Each is
/// checked for a listener before its tags are built.
/// </summary>
internal static class ClientMetrics
{
    internal static readonly Histogram<double> Duration = RpcDiagnostics.Meter.CreateHistogram(
        RpcMetricNames.ClientDuration, "ms", "Client calls from start to outcome, all attempts included", tags: null, advice: Buckets.Milliseconds);

    internal static readonly UpDownCounter<long> ActiveCalls = RpcDiagnostics.Meter.CreateUpDownCounter<long>(
        RpcMetricNames.ClientActiveCalls, "{call}", "Client calls in flight");

    internal static readonly Histogram<long> RequestSize = RpcDiagnostics.Meter.CreateHistogram(
        RpcMetricNames.ClientRequestSize, "By", "Request bodies sent, per attempt, as on the wire", tags: null, advice: Buckets.Bytes);

    internal static readonly Histogram<long> ResponseSize = RpcDiagnostics.Meter.CreateHistogram(
        RpcMetricNames.ClientResponseSize, "By", "Response bodies answered, as on the wire", tags: null, advice: Buckets.Bytes);

    internal static readonly Counter<long> Retries = RpcDiagnostics.Meter.CreateCounter<long>(
        RpcMetricNames.ClientRetries, "{attempt}", "Attempts a fail mode added to calls: retries and backup requests");

    /// <summary>Whether a call's start must be noted for its end.</summary>
    public static bool CallsObserved => Duration.Enabled || ActiveCalls.Enabled;

    public static void CallStarted(OutgoingCall call, ref CallObservation observation)
    {
        observation.StartedAt = Stopwatch.GetTimestamp();
        if (ActiveCalls.Enabled)
        {
            ActiveCalls.Add(1, TagsOf(call));
            observation.CountedActive = true;
        }
    }

    public static void CallEnded(OutgoingCall call, in CallObservation observation, RpcStatusCode status)
    {
        var tags = TagsOf(call);
        if (observation.CountedActive)
        {
            ActiveCalls.Add(-1, tags);
        }

        if (Duration.Enabled)
        {
            tags.Add(RpcTelemetryTags.StatusCode, TagValues.Of(status));
            Duration.Record(Stopwatch.GetElapsedTime(observation.StartedAt).TotalMilliseconds, tags);
        }
    }

    public static void RequestSent(OutgoingCall call, long bytes) => RequestSize.Record(bytes, TagsOf(call));

    public static void ResponseRead(OutgoingCall call, long bytes) => ResponseSize.Record(bytes, TagsOf(call));

    /// <summary>A fail mode added an attempt to <paramref name="call"/>.</summary>
    public static void AttemptAdded(OutgoingCall call, AttemptKind kind, FailMode mode)
    {
        if (!Retries.Enabled)
        {
            return;
        }

        var tags = TagsOf(call);
        tags.Add(RpcTelemetryTags.AttemptKind, TagValues.Of(kind));
        tags.Add(RpcTelemetryTags.FailMode, TagValues.Of(mode));
        Retries.Add(1, tags);
    }

    private static TagList TagsOf(RpcCall call) => new()
    {
        { RpcTelemetryTags.RpcSystem, RpcTelemetryTags.RpcSystemValue },
        { RpcTelemetryTags.RpcService, call.ServiceName },
        { RpcTelemetryTags.RpcMethod, call.MethodName },
    };
}
