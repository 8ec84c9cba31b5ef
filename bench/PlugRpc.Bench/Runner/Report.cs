using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PlugRpc.Bench.Runner;

/// <summary>The results as a Markdown table (with each row's ratio to the floor, see <see cref="ResultRow.VsFloor"/>) and as JSON.</summary>
internal static class Report
{
    public static string Markdown(IReadOnlyList<ResultRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| contender | workload | in flight | conns | calls/s | vs floor | p50 µs | p99 µs | p99.9 µs | client B/call | server B/call | CPU µs/call |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            var ratio = row.VsFloor is { } vsFloor ? vsFloor.ToString("P0", CultureInfo.InvariantCulture) : "";
            text.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {row.Contender} | {row.Workload} | {row.Concurrency} | {row.Connections} | {row.CallsPerSec:N0} | {ratio} | {row.P50Us:F0} | {row.P99Us:F0} | {row.P999Us:F0} | {row.ClientAllocBytesPerCall:F0} | {row.ServerAllocBytesPerCall:F0} | {row.CpuUsPerCall:F1} |"));
        }

        return text.ToString();
    }

    public static string Json(IReadOnlyList<ResultRow> rows) =>
        JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
}
