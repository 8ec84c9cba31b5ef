using PlugRpc.Services;

namespace PlugRpc.Server;

/// <summary>
/// The Health service every server hosts (unless the application hosts its own of that name), after
/// grpc.health.v1's Check: go-rpc clients and tools call it as any method, with any codec.
/// </summary>
[RpcService(RpcHealth.ServiceName)]
internal sealed class HealthService(RpcServer server)
{
    /// <summary>The status of the service named (empty for the whole server); NotFound for a service the server does not know.</summary>
    public Task<HealthCheckResponse> Check(HealthCheckRequest request, CancellationToken cancellationToken)
    {
        var service = request.Service ?? string.Empty;
        var status = server.ServingStatusOf(service)
            ?? throw new RpcException(RpcStatusCode.NotFound, $"health: unknown service '{service}'");
        return Task.FromResult(new HealthCheckResponse { Status = status });
    }
}
