namespace PlugRpc.Services;

/// <summary>The request of Health.Check: the service to check, or empty for the whole server (grpc.health.v1's).</summary>
public sealed class HealthCheckRequest
{
    public string Service { get; set; } = string.Empty;
}
