using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PlugRpc.Diagnostics;

namespace PlugRpc.Hosting.Figures;

/// <summary>
/// This machine's and process's figures for the /view pages (<see cref="IHostFigures"/>): the health checks' report,
/// the working directory's drive, CPU use from /proc/stat, memory from /proc/meminfo. Where /proc is missing, memory
/// comes from the runtime's view of it and the machine's CPU share is null.
/// </summary>
public sealed class HostFigures : IHostFigures
{
    private readonly HealthCheckService? health;
    private readonly CpuSampler cpu = new();

    /// <param name="health">The host's health checks; null for none (the report is then empty and healthy).</param>
    public HostFigures(HealthCheckService? health)
    {
        this.health = health;
    }

    public async Task<HealthFigures> HealthAsync(CancellationToken cancellationToken = default)
    {
        using var process = Process.GetCurrentProcess();
        var uptime = (DateTime.Now - process.StartTime).TotalSeconds;
        if (health is null)
        {
            return new HealthFigures(nameof(HealthStatus.Healthy), FigureLevel.Ok, [], 0, Environment.ProcessId, uptime);
        }

        var report = await health.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
        var checks = report.Entries
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new HealthCheckFigures(
                e.Key,
                e.Value.Status.ToString(),
                e.Value.Description ?? e.Value.Exception?.Message,
                [.. e.Value.Tags],
                Math.Round(e.Value.Duration.TotalMilliseconds, 3),
                e.Value.Data.ToDictionary(d => d.Key, d => Convert.ToString(d.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)))
            .ToList();
        return new HealthFigures(report.Status.ToString(), LevelOf(report.Status), checks, Math.Round(report.TotalDuration.TotalMilliseconds, 3), Environment.ProcessId, Math.Round(uptime, 1));
    }

    public DiskFigures Disk()
    {
        var path = Path.GetFullPath(Environment.CurrentDirectory);
        var drive = DriveOf(path);
        var total = drive.TotalSize;
        var free = drive.TotalFreeSpace;
        return new DiskFigures(path, drive.RootDirectory.FullName, total, free, drive.AvailableFreeSpace, FigureLevels.OfPercent(100.0 * (total - free) / Math.Max(1, total)));
    }

    public Task<CpuFigures> CpuAsync(CancellationToken cancellationToken = default) => cpu.ReadAsync(cancellationToken);

    public MemoryFigures Memory()
    {
        var gc = GC.GetGCMemoryInfo();
        var (total, available) = ProcFiles.ReadMemory() ?? (gc.TotalAvailableMemoryBytes, Math.Max(0, gc.TotalAvailableMemoryBytes - gc.MemoryLoadBytes));
        return new MemoryFigures(total, available, Environment.WorkingSet, gc.HeapSizeBytes, FigureLevels.OfPercent(100.0 * (total - available) / Math.Max(1, total)));
    }

    /// <summary>The mounted drive holding <paramref name="path"/>: the one with the longest root that contains it.</summary>
    private static DriveInfo DriveOf(string path)
    {
        var best = new DriveInfo(Path.GetPathRoot(path)!);
        foreach (var drive in DriveInfo.GetDrives())
        {
            var root = drive.RootDirectory.FullName;
            var contains = path.StartsWith(root, StringComparison.Ordinal)
                && (path.Length == root.Length || root.EndsWith(Path.DirectorySeparatorChar) || path[root.Length] == Path.DirectorySeparatorChar);
            if (contains && root.Length > best.RootDirectory.FullName.Length && drive.IsReady)
            {
                best = drive;
            }
        }

        return best;
    }

    private static FigureLevel LevelOf(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => FigureLevel.Ok,
        HealthStatus.Degraded => FigureLevel.Warning,
        _ => FigureLevel.Critical,
    };
}
