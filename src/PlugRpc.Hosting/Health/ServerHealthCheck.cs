using Microsoft.Extensions.Diagnostics.HealthChecks;
using PlugRpc.Discovery;
using PlugRpc.Server;

namespace PlugRpc.Hosting.Health;

/// <summary>
/// The server's health: listening, registered, draining. For readiness a draining server fails (it must get no new
/// traffic) and one not in its registry is degraded (its registry's clients cannot find it); for liveness a draining
/// or starting server is only degraded, since restarting it would cut the calls it is finishing.
/// </summary>
public sealed class ServerHealthCheck : IHealthCheck
{
    private readonly Func<RpcServer?> server;
    private readonly bool readiness;

    /// <param name="server">The server, or null before it is made.</param>
    /// <param name="readiness">True for the readiness check, false for liveness.</param>
    public ServerHealthCheck(Func<RpcServer?> server, bool readiness)
    {
        this.server = server;
        this.readiness = readiness;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failed = readiness ? context.Registration.FailureStatus : HealthStatus.Degraded;
        var current = server();
        if (current is null || current.ListenAddresses.Count == 0)
        {
            return Task.FromResult(new HealthCheckResult(failed, "not listening yet"));
        }

        var addresses = string.Join(", ", current.ListenAddresses);
        var data = new Dictionary<string, object>
        {
            ["addresses"] = addresses,
            ["services"] = string.Join(", ", current.ServiceNames),
            ["connections"] = current.ConnectionCount,
            ["draining"] = current.Draining,
        };
        if (current.Draining)
        {
            return Task.FromResult(new HealthCheckResult(failed, $"draining on {addresses}: out of its registry, finishing the calls in flight, taking no new ones", data: data));
        }

        var unregistered = current.Registrations.Where(r => r.State != RegistrationState.Registered).ToList();
        foreach (var registration in current.Registrations)
        {
            data[$"registration {registration.Registration.Instance.Address}"] = registration.State.ToString();
        }

        if (readiness && unregistered.Count > 0)
        {
            var why = unregistered.Select(r => r.Problem).FirstOrDefault(p => p is not null) ?? "registering";
            return Task.FromResult(HealthCheckResult.Degraded($"serving on {addresses} but not in its registry ({why}): the registry's clients cannot find it", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy($"serving on {addresses}", data));
    }
}
