using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PlugRpc.Diagnostics;

namespace PlugRpc.Gateway.Http;

/// <summary>
/// Probes for orchestrators: GET /health runs the host's checks tagged live, GET /health/ready those tagged ready
/// (<see cref="HealthTags"/>). Healthy and Degraded answer 200, Unhealthy 503, with the report as JSON.
/// </summary>
internal static class HealthEndpoints
{
    public const string Live = "/health";
    public const string Ready = "/health/ready";

    public static void Map(WebApplication app, HealthCheckService? health)
    {
        app.MapGet(Live, context => WriteAsync(context, health, HealthTags.Live));
        app.MapGet(Ready, context => WriteAsync(context, health, HealthTags.Ready));
    }

    private static async Task WriteAsync(HttpContext context, HealthCheckService? health, string tag)
    {
        var report = health is null
            ? new HealthReport(new Dictionary<string, HealthReportEntry>(), TimeSpan.Zero)
            : await health.CheckHealthAsync(check => check.Tags.Contains(tag), context.RequestAborted).ConfigureAwait(false);
        var response = context.Response;
        response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        response.Headers.CacheControl = "no-store";
        await response.WriteAsJsonAsync(
            new
            {
                status = report.Status.ToString(),
                durationMs = Milliseconds(report.TotalDuration),
                checks = report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new
                {
                    name = e.Key,
                    status = e.Value.Status.ToString(),
                    description = e.Value.Description ?? e.Value.Exception?.Message,
                    durationMs = Milliseconds(e.Value.Duration),
                    data = e.Value.Data.ToDictionary(d => d.Key, d => Convert.ToString(d.Value, CultureInfo.InvariantCulture)),
                }),
            },
            context.RequestAborted).ConfigureAwait(false);
    }

    private static double Milliseconds(TimeSpan duration) => Math.Round(duration.TotalMilliseconds, 3);
}
