namespace PlugRpc.Diagnostics;

/// <summary>
/// The attribute (tag) names and fixed values on PlugRpc's spans and measurements: OpenTelemetry's RPC semantic
/// conventions (v1.37: rpc.system, rpc.service, rpc.method, server.*, client.*, error.type) and <c>plugrpc.*</c> for
/// what they do not name.
/// </summary>
public static class RpcTelemetryTags
{
    public const string RpcSystem = "rpc.system";

    /// <summary>
    /// <see cref="RpcSystem"/>'s value: the wire is go-rpc's, which PlugRpc speaks byte for byte, so it names that
    /// protocol (in the snake case of OpenTelemetry's known values such as <c>java_rmi</c>, <c>apache_dubbo</c>) rather
    /// than this implementation of it, as <c>grpc</c> does for every gRPC library.
    /// </summary>
    public const string RpcSystemValue = "go_rpc";

    public const string RpcService = "rpc.service";

    public const string RpcMethod = "rpc.method";

    /// <summary>The numeric <see cref="RpcStatusCode"/> of the outcome (0 for Ok), after <c>rpc.grpc.status_code</c>.</summary>
    public const string StatusCode = "rpc.go_rpc.status_code";

    /// <summary>The <see cref="RpcStatusCode"/> name of a failure.</summary>
    public const string ErrorType = "error.type";

    /// <summary>A failed attempt's error message (on its event).</summary>
    public const string ExceptionMessage = "exception.message";

    public const string ServerAddress = "server.address";

    public const string ServerPort = "server.port";

    public const string ClientAddress = "client.address";

    public const string ClientPort = "client.port";

    /// <summary>Service and method value of a request for a method the server does not have, so that no caller makes new series.</summary>
    public const string Other = "_OTHER";

    /// <summary>Which attempt of its call an attempt event is (1 for the first).</summary>
    public const string Attempt = "plugrpc.attempt";

    /// <summary>Why an attempt was made: <c>first</c>, <c>retry</c> or <c>backup</c>.</summary>
    public const string AttemptKind = "plugrpc.attempt.kind";

    /// <summary>How long an attempt took, in ms (on its event).</summary>
    public const string AttemptDurationMs = "plugrpc.attempt.duration_ms";

    /// <summary>The client's fail mode, lower case (<c>failover</c>, <c>failretry</c>, <c>failbackup</c>, <c>failsafe</c>).</summary>
    public const string FailMode = "plugrpc.fail_mode";

    /// <summary>The breaker state entered: <c>open</c>, <c>half_open</c> or <c>closed</c>.</summary>
    public const string BreakerState = "plugrpc.breaker.state";

    /// <summary><c>client</c> or <c>server</c>, for instruments that both sides record.</summary>
    public const string Side = "plugrpc.side";

    /// <summary>Why a rate limit refused a call: <c>queue_full</c> or <c>deadline</c>.</summary>
    public const string RateLimitReason = "plugrpc.ratelimit.reason";

    /// <summary>Where a client's instances come from ("addresses", or the app key and registry).</summary>
    public const string DiscoveryOrigin = "plugrpc.discovery.origin";
}
