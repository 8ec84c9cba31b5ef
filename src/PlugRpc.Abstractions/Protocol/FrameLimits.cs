namespace PlugRpc.Protocol;

/// <summary>What a frame reader refuses before it allocates anything the peer claims.</summary>
public sealed record FrameLimits
{
    public const int DefaultMaxFrameLength = 16 * 1024 * 1024;

    /// <summary>Largest total length field accepted (bytes after the total-length field).</summary>
    public int MaxFrameLength { get; init; } = DefaultMaxFrameLength;

    /// <summary>Largest header accepted.</summary>
    public int MaxHeaderLength { get; init; } = 64 * 1024;

    /// <summary>Most metadata entries accepted in one header.</summary>
    public int MaxMetadataEntries { get; init; } = 128;

    public static FrameLimits Default { get; } = new();
}
