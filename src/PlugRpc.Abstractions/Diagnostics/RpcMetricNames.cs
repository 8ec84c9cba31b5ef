namespace PlugRpc.Diagnostics;

/// <summary>
/// The name of every instrument recorded on <see cref="RpcDiagnostics.Meter"/>, for Core, the plugins, exporters and
/// tests alike: OpenTelemetry's RPC metric names where there is one (durations in ms, sizes in bytes as on the wire),
/// <c>plugrpc.*</c> for the rest. Failed calls are the duration histograms' measurements whose
/// <see cref="RpcTelemetryTags.StatusCode"/> is not 0: there is no separate error counter.
/// </summary>
public static class RpcMetricNames
{
    /// <summary>Histogram (ms): a client call from its start to its outcome, all attempts included.</summary>
    public const string ClientDuration = "rpc.client.duration";

    /// <summary>Histogram (ms): a request served, from its arrival to its answer.</summary>
    public const string ServerDuration = "rpc.server.duration";

    /// <summary>Histogram (bytes): each request body a client sends (every attempt), as on the wire.</summary>
    public const string ClientRequestSize = "rpc.client.request.size";

    /// <summary>Histogram (bytes): each answered response body a client reads, as on the wire.</summary>
    public const string ClientResponseSize = "rpc.client.response.size";

    /// <summary>Histogram (bytes): each request body a server reads, as on the wire.</summary>
    public const string ServerRequestSize = "rpc.server.request.size";

    /// <summary>Histogram (bytes): each answered response body a server sends, as on the wire.</summary>
    public const string ServerResponseSize = "rpc.server.response.size";

    /// <summary>UpDownCounter: client calls in flight.</summary>
    public const string ClientActiveCalls = "plugrpc.client.active_calls";

    /// <summary>UpDownCounter: requests a server is serving.</summary>
    public const string ServerActiveCalls = "plugrpc.server.active_calls";

    /// <summary>Observable UpDownCounter: the process's open client connections.</summary>
    public const string ClientConnections = "plugrpc.client.connections";

    /// <summary>Observable UpDownCounter: the process's open server connections.</summary>
    public const string ServerConnections = "plugrpc.server.connections";

    /// <summary>Counter: attempts a fail mode added to calls, by <see cref="RpcTelemetryTags.AttemptKind"/> (retry or backup).</summary>
    public const string ClientRetries = "plugrpc.client.retries";

    /// <summary>Counter: circuit breaker state changes, by instance and the state entered.</summary>
    public const string BreakerTransitions = "plugrpc.client.breaker.transitions";

    /// <summary>Observable gauge: the instances in each client's view.</summary>
    public const string ClientInstances = "plugrpc.client.instances";

    /// <summary>Observable gauge: the instances in each client's view that heartbeats marked degraded.</summary>
    public const string ClientDegradedInstances = "plugrpc.client.instances.degraded";

    /// <summary>Observable gauge (s): how long ago the registry last confirmed each registry-backed client's view.</summary>
    public const string DiscoveryAge = "plugrpc.client.discovery.age";

    /// <summary>Counter: calls a rate limit refused, by side and reason.</summary>
    public const string RateLimitRejections = "plugrpc.ratelimit.rejections";
}
