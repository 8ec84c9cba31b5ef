namespace PlugRpc.Diagnostics;

/// <summary>One method's calls on one side over the overview's window, from the duration histograms of <see cref="RpcDiagnostics.Meter"/>.</summary>
/// <param name="Side">"client" (calls made, all attempts in one) or "server" (requests served).</param>
/// <param name="Service">The service name (<see cref="RpcTelemetryTags.Other"/> for requests of unknown methods).</param>
/// <param name="Method">The method name.</param>
/// <param name="Calls">Calls ended in the window.</param>
/// <param name="Errors">Those of them whose status was not Ok.</param>
/// <param name="CallsPerSecond">Calls per second over the window.</param>
/// <param name="P50">The median duration (within about 5 %); null without calls.</param>
/// <param name="P99">The 99th percentile duration (within about 5 %); null without calls.</param>
public sealed record MethodOverview(
    string Side,
    string Service,
    string Method,
    long Calls,
    long Errors,
    double CallsPerSecond,
    TimeSpan? P50,
    TimeSpan? P99);
