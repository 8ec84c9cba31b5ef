using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PlugRpc.Client;
using PlugRpc.Diagnostics;
using PlugRpc.Options;

namespace PlugRpc.Hosting.Health;

/// <summary>
/// PlugRpc's health checks, as the host registers them: the server for liveness and readiness, its registry for
/// readiness, the client's heartbeats (for readiness in a host that only calls). An HTTP endpoint picks them by
/// tag (<see cref="HealthTags"/>); <see cref="HealthCheckService"/> runs them. An unreachable registry degrades
/// readiness rather than failing it: every instance would fail at once and a load balancer would drop them all,
/// though each still serves.
/// </summary>
public static class PlugRpcHealthChecks
{
    public const string ServerLive = "plugrpc-server-live";
    public const string ServerReady = "plugrpc-server";
    public const string Registry = "plugrpc-registry";
    public const string Client = "plugrpc-client";

    /// <param name="serving">Whether the host runs the server (<see cref="RpcServerService"/>).</param>
    /// <param name="checkClient">Whether to check the client's instances; its tags make it count for readiness when the host does not serve.</param>
    public static IHealthChecksBuilder AddPlugRpcChecks(this IHealthChecksBuilder builder, bool serving, bool checkClient)
    {
        if (serving)
        {
            builder.Add(new HealthCheckRegistration(
                ServerLive, sp => new ServerHealthCheck(() => sp.GetRequiredService<RpcServerService>().Server, readiness: false), null, [HealthTags.Live, HealthTags.PlugRpc]));
            builder.Add(new HealthCheckRegistration(
                ServerReady, sp => new ServerHealthCheck(() => sp.GetRequiredService<RpcServerService>().Server, readiness: true), null, [HealthTags.Ready, HealthTags.PlugRpc]));
            builder.Add(new HealthCheckRegistration(
                Registry, sp => new RegistryHealthCheck(() => sp.GetRequiredService<RpcServerService>().Server, sp.GetRequiredService<ServerOptions>()), HealthStatus.Degraded, [HealthTags.Ready, HealthTags.PlugRpc]));
        }

        if (checkClient)
        {
            string[] tags = serving ? [HealthTags.PlugRpc] : [HealthTags.Ready, HealthTags.PlugRpc];
            builder.Add(new HealthCheckRegistration(Client, sp => new ClientHeartbeatCheck(() => sp.GetRequiredService<RpcClient>()), null, tags));
        }

        return builder;
    }
}
