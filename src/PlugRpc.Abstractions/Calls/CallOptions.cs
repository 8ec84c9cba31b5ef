namespace PlugRpc;

/// <summary>Per-call settings that override the client's options.</summary>
public sealed record CallOptions
{
    public static CallOptions Default { get; } = new();

    /// <summary>Overrides the client's RequestTimeout.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Metadata to send; the client's filters may add to it.</summary>
    public Metadata? Metadata { get; init; }

    /// <summary>Overrides the client's codec by name (e.g. "msgpack").</summary>
    public string? Codec { get; init; }

    /// <summary>Overrides the client's compressor by name.</summary>
    public string? Compressor { get; init; }

    /// <summary>Sends the call to this address instead of asking discovery and the selector.</summary>
    public string? Address { get; init; }
}
