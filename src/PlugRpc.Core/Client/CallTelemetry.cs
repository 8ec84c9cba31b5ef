using PlugRpc.Diagnostics;

namespace PlugRpc.Client;

/// <summary>
/// Where a client call's span and metrics begin and end: as the client starts the call (before its filters) and as
/// its outcome goes to the caller. The call path asks <see cref="IsOn"/> (a few field reads) and does nothing more
/// when nobody listens.
/// </summary>
internal static class CallTelemetry
{
    public static bool IsOn => RpcDiagnostics.ActivitySource.HasListeners() || ClientMetrics.CallsObserved;

    public static void Begin(OutgoingCall call)
    {
        if (RpcDiagnostics.ActivitySource.HasListeners())
        {
            call.Observation.Activity = CallTracing.Start(call);
        }

        if (ClientMetrics.CallsObserved)
        {
            ClientMetrics.CallStarted(call, ref call.Observation);
        }
    }

    public static void End(OutgoingCall call, Exception? failure)
    {
        var observation = call.Observation;
        call.Observation = default;
        var status = TagValues.StatusOf(failure);
        if (observation.Activity is { } activity)
        {
            CallTracing.Stop(activity, call, status, failure?.Message);
        }

        if (observation.StartedAt != 0)
        {
            ClientMetrics.CallEnded(call, observation, status);
        }
    }
}
