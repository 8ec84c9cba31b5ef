using PlugRpc.Diagnostics;
using PlugRpc.Hosting.Figures;

namespace PlugRpc.IntegrationTests.Health;

/// <summary>The /view figures are this machine's and process's, and plausible: totals above zero, used within total.</summary>
public sealed class HostFiguresTests
{
    private readonly HostFigures figures = new(health: null);

    [Fact]
    public void The_disk_is_the_working_directorys_with_used_within_total()
    {
        var disk = figures.Disk();

        Assert.Equal(Path.GetFullPath(Environment.CurrentDirectory), disk.Path);
        Assert.StartsWith(disk.MountPoint.TrimEnd('/'), disk.Path);
        Assert.True(disk.TotalBytes > 0, disk.Summary);
        Assert.InRange(disk.FreeBytes, 0, disk.TotalBytes);
        Assert.InRange(disk.AvailableBytes, 0, disk.FreeBytes);
        Assert.InRange(disk.UsedBytes, 0, disk.TotalBytes);
        Assert.InRange(disk.UsedPercent, 0, 100);
        Assert.Equal(new DriveInfo(disk.MountPoint).TotalSize, disk.TotalBytes);
        Assert.StartsWith(disk.Level == FigureLevel.Ok ? "OK - disk " : disk.Level.ToString().ToUpperInvariant(), disk.Summary);
    }

    [Fact]
    public void The_memory_is_the_machines_from_proc_meminfo_with_the_process_inside_it()
    {
        var memory = figures.Memory();
        var meminfo = File.ReadAllLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));

        Assert.Equal(long.Parse(meminfo.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024, memory.TotalBytes);
        Assert.InRange(memory.AvailableBytes, 1, memory.TotalBytes);
        Assert.InRange(memory.UsedBytes, 1, memory.TotalBytes);
        Assert.InRange(memory.ProcessWorkingSetBytes, 1 << 20, memory.TotalBytes);
        Assert.InRange(memory.ProcessManagedHeapBytes, 1, memory.ProcessWorkingSetBytes);
        Assert.Contains(" used of ", memory.Summary);
    }

    [Fact]
    public async Task The_cpu_shares_cover_the_time_since_the_previous_reading()
    {
        var first = await figures.CpuAsync();
        var spin = Task.Run(() =>
        {
            var until = Environment.TickCount64 + 400;
            while (Environment.TickCount64 < until)
            {
            }
        });
        await spin;
        await Task.Delay(100);
        var second = await figures.CpuAsync();

        Assert.Equal(Environment.ProcessorCount, first.Cores);
        Assert.True(first.WindowSeconds >= 0.2, $"the first reading waits for a window: {first.WindowSeconds}");
        Assert.True(second.WindowSeconds >= 0.45, $"the second covers the time since the first: {second.WindowSeconds}");
        Assert.NotNull(second.MachinePercent);
        Assert.InRange(second.MachinePercent!.Value, 0, 100);

        // One core spun for most of the window: the process had a real share of the machine.
        Assert.InRange(second.ProcessPercent, 100.0 / Environment.ProcessorCount / 8, 100);
        Assert.NotNull(second.Load1);
        Assert.Contains($"| {Environment.ProcessorCount} cores", second.Summary);
    }

    [Fact]
    public async Task Health_without_checks_is_healthy_and_names_the_process()
    {
        var health = await figures.HealthAsync();

        Assert.Equal("Healthy", health.Status);
        Assert.Equal(FigureLevel.Ok, health.Level);
        Assert.Equal(Environment.ProcessId, health.ProcessId);
        Assert.True(health.UptimeSeconds > 0);
    }

    [Fact]
    public void The_figures_serialize_with_their_derived_values_and_levels_as_names()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(figures.Disk());

        Assert.Contains("\"UsedPercent\":", json);
        Assert.Contains("\"Level\":\"", json);
        Assert.Contains("\"Summary\":\"", json);
    }
}
