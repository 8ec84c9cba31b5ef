using System.Globalization;

namespace PlugRpc.Diagnostics;

/// <summary>
/// The host's health (/view/health): every health check's result, the overall status (the worst of them) and the
/// process. Status is Healthy, Degraded or Unhealthy, as Microsoft.Extensions.Diagnostics.HealthChecks says.
/// </summary>
public sealed record HealthFigures(
    string Status,
    FigureLevel Level,
    IReadOnlyList<HealthCheckFigures> Checks,
    double DurationMs,
    int ProcessId,
    double UptimeSeconds)
{
    public string Summary =>
        string.Create(CultureInfo.InvariantCulture, $"{FigureFormat.Level(Level)} - {Status}")
        + (Checks.Count == 0 ? string.Empty : " | " + string.Join(", ", Checks.Select(c => $"{c.Name} {c.Status}")))
        + string.Create(CultureInfo.InvariantCulture, $" | pid {ProcessId}, up {UptimeSeconds:0} s");
}

/// <summary>One health check's result: its status, why, its tags and its data (each value as text).</summary>
public sealed record HealthCheckFigures(
    string Name,
    string Status,
    string? Description,
    IReadOnlyList<string> Tags,
    double DurationMs,
    IReadOnlyDictionary<string, string> Data);
