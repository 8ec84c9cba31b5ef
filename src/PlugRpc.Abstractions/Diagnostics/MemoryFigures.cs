namespace PlugRpc.Diagnostics;

/// <summary>The machine's memory (/view/ram): total, available (as /proc/meminfo's MemAvailable), and the process's share.</summary>
/// <param name="ProcessWorkingSetBytes">The process's resident memory.</param>
/// <param name="ProcessManagedHeapBytes">The process's managed heap, as of its last garbage collection.</param>
public sealed record MemoryFigures(long TotalBytes, long AvailableBytes, long ProcessWorkingSetBytes, long ProcessManagedHeapBytes, FigureLevel Level)
{
    public long UsedBytes => TotalBytes - AvailableBytes;

    public double UsedPercent => FigureFormat.PercentOf(UsedBytes, TotalBytes);

    public string Summary =>
        $"{FigureFormat.Level(Level)} - memory: {FigureFormat.Size(UsedBytes)} used of {FigureFormat.Size(TotalBytes)} | used {FigureFormat.Percent(UsedPercent)} | this process {FigureFormat.Size(ProcessWorkingSetBytes)}";
}
