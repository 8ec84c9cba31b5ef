namespace PlugRpc.Diagnostics;

/// <summary>
/// The figures of this machine and process behind go-rpc's /view/health, /view/disk, /view/cpu and /view/ram. The
/// host registers one in its container, so the HTTP gateway (a plugin, which sees only these contracts) can answer
/// those pages; each figure carries a <see cref="FigureLevel"/> and a one-line summary.
/// </summary>
public interface IHostFigures
{
    /// <summary>/view/health: every health check of the host, their overall status, and the process.</summary>
    Task<HealthFigures> HealthAsync(CancellationToken cancellationToken = default);

    /// <summary>/view/disk: the drive of the working directory.</summary>
    DiskFigures Disk();

    /// <summary>/view/cpu: CPU use since the previous reading (the first reading waits a quarter of a second to have one).</summary>
    Task<CpuFigures> CpuAsync(CancellationToken cancellationToken = default);

    /// <summary>/view/ram: the machine's memory and the process's share of it.</summary>
    MemoryFigures Memory();
}
