namespace PlugRpc.Services;

/// <summary>
/// The Health service every PlugRpc server answers, after grpc.health.v1: <c>Health.Check</c> takes a
/// <see cref="HealthCheckRequest"/> and answers a <see cref="HealthCheckResponse"/>; an unknown service is a
/// NotFound error. A service of the application's own named "Health" takes its place.
/// </summary>
public static class RpcHealth
{
    public const string ServiceName = "Health";

    public const string CheckMethod = "Health.Check";

    /// <summary>The status names gRPC tools print: SERVING, NOT_SERVING, SERVICE_UNKNOWN, UNKNOWN.</summary>
    public static string NameOf(ServingStatus status) => status switch
    {
        ServingStatus.Serving => "SERVING",
        ServingStatus.NotServing => "NOT_SERVING",
        ServingStatus.ServiceUnknown => "SERVICE_UNKNOWN",
        _ => "UNKNOWN",
    };
}
