namespace PlugRpc.Codecs;

/// <summary>The settings every compression plugin reads: how hard to compress.</summary>
public sealed class CompressionSettings
{
    /// <summary>"fastest" (default), "optimal" or "smallest".</summary>
    public string? Level { get; set; }
}
