using Microsoft.Extensions.Diagnostics.HealthChecks;
using PlugRpc.Discovery;
using PlugRpc.Options;
using PlugRpc.Server;

namespace PlugRpc.Hosting.Health;

/// <summary>
/// Whether the server's registry can be reached, read from its registrations: the registration's failure status
/// while one cannot be held (the registry is down or refuses it; the server keeps trying and serving meanwhile),
/// degraded while the first registration is being made, healthy once held, and after the server deregistered on
/// its way out.
/// </summary>
public sealed class RegistryHealthCheck : IHealthCheck
{
    private readonly Func<RpcServer?> server;
    private readonly ServerOptions options;

    public RegistryHealthCheck(Func<RpcServer?> server, ServerOptions options)
    {
        this.server = server;
        this.options = options;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Registry is not { } registry)
        {
            return Task.FromResult(HealthCheckResult.Healthy("no registry: the server is called by its address"));
        }

        var registrations = server()?.Registrations ?? [];
        var data = new Dictionary<string, object> { ["registry"] = registry };
        foreach (var registration in registrations)
        {
            data[registration.Registration.Instance.Address] = registration.Problem is { } why ? $"{registration.State}: {why}" : registration.State.ToString();
        }

        if (registrations.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"not registered in {registry} yet: the server is not listening", data: data));
        }

        if (registrations.FirstOrDefault(r => r.State == RegistrationState.Registering && r.Problem is not null) is { } failing)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, $"{registry} cannot be reached: {failing.Problem}; registering again meanwhile", data: data));
        }

        if (registrations.Any(r => r.State == RegistrationState.Registering))
        {
            return Task.FromResult(HealthCheckResult.Degraded($"registering in {registry}", data: data));
        }

        return Task.FromResult(registrations.All(r => r.State == RegistrationState.Deregistered)
            ? HealthCheckResult.Healthy($"deregistered from {registry}: the server is stopping", data)
            : HealthCheckResult.Healthy($"registered in {registry}", data));
    }
}
