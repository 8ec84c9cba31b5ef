using PlugRpc.Protocol;

namespace PlugRpc.Options;

/// <summary>What both ends configure about the wire.</summary>
public abstract class ConnectionOptions
{
    /// <summary>The frame protocol by name; "gorpc" is go-rpc's frame.</summary>
    public string Protocol { get; set; } = "gorpc";

    /// <summary>Largest frame accepted, in bytes (default 16 MiB).</summary>
    public int MaxFrameLength { get; set; } = FrameLimits.DefaultMaxFrameLength;

    /// <summary>Largest frame header accepted, in bytes.</summary>
    public int MaxHeaderLength { get; set; } = FrameLimits.Default.MaxHeaderLength;

    /// <summary>Most metadata entries accepted in one frame.</summary>
    public int MaxMetadataEntries { get; set; } = FrameLimits.Default.MaxMetadataEntries;

    /// <summary>Bodies smaller than this many bytes are sent uncompressed even when a compressor is chosen.</summary>
    public int CompressThreshold { get; set; } = 1024;

    internal FrameLimits ToFrameLimits() => new()
    {
        MaxFrameLength = MaxFrameLength,
        MaxHeaderLength = MaxHeaderLength,
        MaxMetadataEntries = MaxMetadataEntries,
    };

    protected void ValidateConnection(List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(Protocol))
        {
            problems.Add("protocol is empty");
        }

        if (MaxFrameLength < 64)
        {
            problems.Add($"maxFrameLength {MaxFrameLength} is below 64 bytes");
        }

        if (MaxHeaderLength < 32 || MaxHeaderLength > MaxFrameLength)
        {
            problems.Add($"maxHeaderLength {MaxHeaderLength} must be between 32 and maxFrameLength ({MaxFrameLength})");
        }

        if (CompressThreshold < 0)
        {
            problems.Add($"compressThreshold {CompressThreshold} is negative");
        }

        if (MaxMetadataEntries < 0)
        {
            problems.Add($"maxMetadataEntries {MaxMetadataEntries} is negative");
        }
    }

    protected static void ValidateAddresses(IEnumerable<string> addresses, List<string> problems)
    {
        foreach (var address in addresses)
        {
            if (!Transport.RpcAddress.TryParse(address, out _, out var error))
            {
                problems.Add(error);
            }
        }
    }
}
