namespace PlugRpc.Services;

/// <summary>The answer of Health.Check: the service's status (grpc.health.v1's; a number on the wire).</summary>
public sealed class HealthCheckResponse
{
    public ServingStatus Status { get; set; }
}
