using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>Runs one health check as HealthCheckService would: with a context naming its registration (failure status Unhealthy).</summary>
internal static class HealthProbe
{
    public static Task<HealthCheckResult> RunAsync(IHealthCheck check) =>
        check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("probe", check, failureStatus: null, tags: null) });

    /// <summary>Polls <paramref name="check"/> until it reports <paramref name="status"/>; returns that result.</summary>
    public static async Task<HealthCheckResult> EventuallyAsync(IHealthCheck check, HealthStatus status, TimeSpan? timeout = null)
    {
        var result = await RunAsync(check);
        await Eventually.TrueAsync(
            async () => (result = await RunAsync(check)).Status == status,
            $"the check reports {status} (last: {result.Status}, {result.Description})",
            timeout ?? TimeSpan.FromSeconds(15));
        return result;
    }
}
