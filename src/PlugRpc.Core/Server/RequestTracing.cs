using System.Diagnostics;
using PlugRpc.Diagnostics;
using PlugRpc.Protocol;

namespace PlugRpc.Server;

/// <summary>
/// A request's server span: kind Server, named Service/Method, from the request's arrival to its answer (ended just
/// before the answer is written, so a caller that has its answer sees the span done). Its parent is the caller's
/// span from the request's W3C metadata (a new trace without it); it is current while the filters and the method
/// run, so the calls they make are its children.
/// </summary>
internal static class RequestTracing
{
    /// <summary>Starts the span and makes it current; null when the listeners' samplers want none.</summary>
    public static Activity? Start(MessageHeader request, string remoteEndPoint)
    {
        ActivityContext parent = default;
        if (request.Metadata is { } metadata && metadata.TryGetValue(MetadataKeys.TraceParent, out var traceParent))
        {
            metadata.TryGetValue(MetadataKeys.TraceState, out var traceState);
            ActivityContext.TryParse(traceParent, traceState.Length == 0 ? null : traceState, isRemote: true, out parent);
        }

        // Without a caller's context the span is a new trace, not a child of whatever the read loop runs under.
        Activity.Current = null;
        var activity = RpcDiagnostics.ActivitySource.StartActivity(
            $"{request.ServiceName}/{request.MethodName}",
            ActivityKind.Server,
            parent,
            tags:
            [
                new(RpcTelemetryTags.RpcSystem, RpcTelemetryTags.RpcSystemValue),
                new(RpcTelemetryTags.RpcService, request.ServiceName),
                new(RpcTelemetryTags.RpcMethod, request.MethodName),
            ]);
        if (activity is { IsAllDataRequested: true })
        {
            ActivityEnding.SetPeer(activity, remoteEndPoint, RpcTelemetryTags.ClientAddress, RpcTelemetryTags.ClientPort);
        }

        return activity;
    }

    public static void Stop(Activity activity, RpcStatusCode status, string? error)
    {
        if (activity.IsAllDataRequested)
        {
            ActivityEnding.SetOutcome(activity, status, error);
        }

        ActivityEnding.Stop(activity);
    }
}
