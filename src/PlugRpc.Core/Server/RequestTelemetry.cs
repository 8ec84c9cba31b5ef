using System.Diagnostics;
using PlugRpc.Diagnostics;
using PlugRpc.Protocol;
using PlugRpc.Dispatch;

namespace PlugRpc.Server;

/// <summary>
/// Where a request's span and metrics begin (as it arrives) and end (as its answer goes, or is dropped). The
/// dispatcher asks <see cref="IsOn"/> (a few field reads) and does nothing more when nobody listens; heartbeats never
/// come here.
/// </summary>
internal static class RequestTelemetry
{
    public static bool IsOn => RpcDiagnostics.ActivitySource.HasListeners() || ServerMetrics.IsOn;

    public static RequestObservation Begin(MessageHeader request, string remoteEndPoint, long bodyBytes, ServiceCatalog catalog)
    {
        Activity? activity = null;
        Activity? previous = null;
        if (RpcDiagnostics.ActivitySource.HasListeners())
        {
            previous = Activity.Current;
            activity = RequestTracing.Start(request, remoteEndPoint);
            if (activity is null)
            {
                Activity.Current = previous;
            }
        }

        if (!ServerMetrics.IsOn)
        {
            return new RequestObservation(activity, previous, 0, countedActive: false, knownMethod: false);
        }

        var known = catalog.TryFind(request.ServiceName, request.MethodName, out _, out _);
        var counted = ServerMetrics.RequestArrived(request, known, bodyBytes);
        return new RequestObservation(activity, previous, Stopwatch.GetTimestamp(), counted, known);
    }

    /// <param name="responseBytes">The answer's body, or -1 for an error or no answer.</param>
    public static void End(MessageHeader request, in RequestObservation observation, RpcStatusCode status, string? error, long responseBytes)
    {
        if (observation.Activity is { } activity)
        {
            RequestTracing.Stop(activity, status, error);
        }

        if (observation.StartedAt != 0)
        {
            ServerMetrics.RequestEnded(request, observation, status, responseBytes);
        }
    }
}
