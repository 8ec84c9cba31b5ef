namespace PlugRpc.Transport.Uds;

/// <summary>The Unix-socket plugin's settings in plugins.json.</summary>
public sealed class UdsTransportOptions
{
    /// <summary>Pending connections the kernel queues before accepting.</summary>
    public int Backlog { get; set; } = 512;
}
