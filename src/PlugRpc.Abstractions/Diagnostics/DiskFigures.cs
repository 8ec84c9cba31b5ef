namespace PlugRpc.Diagnostics;

/// <summary>The drive a directory is on (/view/disk): its size, what is free, and what this user may still write.</summary>
/// <param name="Path">The directory asked about (the working directory).</param>
/// <param name="MountPoint">Where its drive is mounted.</param>
/// <param name="FreeBytes">Free on the drive.</param>
/// <param name="AvailableBytes">Free to this process's user (less any space reserved for root).</param>
public sealed record DiskFigures(string Path, string MountPoint, long TotalBytes, long FreeBytes, long AvailableBytes, FigureLevel Level)
{
    public long UsedBytes => TotalBytes - FreeBytes;

    public double UsedPercent => FigureFormat.PercentOf(UsedBytes, TotalBytes);

    public string Summary =>
        $"{FigureFormat.Level(Level)} - disk {MountPoint}: {FigureFormat.Size(AvailableBytes)} free of {FigureFormat.Size(TotalBytes)} | used {FigureFormat.Percent(UsedPercent)}";
}
