using System.Diagnostics;
using PlugRpc.Diagnostics;

namespace PlugRpc.Client;

/// <summary>
/// A client call's span: kind Client, named Service/Method, around the whole call (filters and every attempt);
/// each attempt is an event on it when it ends (which attempt, why, where, its status and time). The span's W3C
/// context goes in the request's metadata, so the server continues the trace. It is never made current: the caller's
/// current span stays its own, and the call may end on any thread.
/// </summary>
internal static class CallTracing
{
    public const string AttemptEvent = "plugrpc.attempt";

    public static Activity? Start(OutgoingCall call)
    {
        var previous = Activity.Current;
        var activity = RpcDiagnostics.ActivitySource.StartActivity(
            $"{call.ServiceName}/{call.MethodName}",
            ActivityKind.Client,
            parentContext: default,
            tags:
            [
                new(RpcTelemetryTags.RpcSystem, RpcTelemetryTags.RpcSystemValue),
                new(RpcTelemetryTags.RpcService, call.ServiceName),
                new(RpcTelemetryTags.RpcMethod, call.MethodName),
            ]);
        if (activity is null)
        {
            return null;
        }

        Activity.Current = previous;
        if (activity.IdFormat == ActivityIdFormat.W3C)
        {
            var metadata = call.Metadata;
            metadata[MetadataKeys.TraceParent] = activity.Id!;
            metadata[MetadataKeys.TraceState] = activity.TraceStateString;
        }

        return activity;
    }

    /// <summary>An attempt settled: an event with its figures; an answer's instance is the span's server.</summary>
    public static void AttemptEnded(Activity activity, CallAttempt attempt, Exception? failure)
    {
        if (!activity.IsAllDataRequested)
        {
            return;
        }

        var address = attempt.Instance?.Address ?? attempt.Call.Options.Address;
        var (host, port) = ActivityEnding.PeerOf(address);
        var tags = new ActivityTagsCollection
        {
            { RpcTelemetryTags.Attempt, attempt.Number },
            { RpcTelemetryTags.AttemptKind, TagValues.Of(attempt.Kind) },
            { RpcTelemetryTags.ServerAddress, host },
            { RpcTelemetryTags.ServerPort, port },
            { RpcTelemetryTags.StatusCode, TagValues.Of(TagValues.StatusOf(failure)) },
            { RpcTelemetryTags.AttemptDurationMs, Stopwatch.GetElapsedTime(attempt.StartedAt).TotalMilliseconds },
        };
        if (failure is not null)
        {
            tags.Add(RpcTelemetryTags.ExceptionMessage, failure.Message);
        }

        activity.AddEvent(new ActivityEvent(AttemptEvent, tags: tags));
        if (failure is null)
        {
            ActivityEnding.SetPeer(activity, address, RpcTelemetryTags.ServerAddress, RpcTelemetryTags.ServerPort);
        }
    }

    public static void Stop(Activity activity, OutgoingCall call, RpcStatusCode status, string? error)
    {
        if (activity.IsAllDataRequested)
        {
            if (activity.GetTagItem(RpcTelemetryTags.ServerAddress) is null)
            {
                ActivityEnding.SetPeer(activity, call.Instance?.Address ?? call.Options.Address, RpcTelemetryTags.ServerAddress, RpcTelemetryTags.ServerPort);
            }

            ActivityEnding.SetOutcome(activity, status, error);
        }

        ActivityEnding.Stop(activity);
    }
}
