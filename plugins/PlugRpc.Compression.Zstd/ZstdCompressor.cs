using System.IO.Compression;
using PlugRpc.Codecs;
using PlugRpc.Protocol;
using ZstdSharp;

namespace PlugRpc.Compression.Zstd;

/// <summary>Zstandard (ZstdSharp.Port, a managed port of the reference library).</summary>
public sealed class ZstdCompressor(CompressionLevel level = CompressionLevel.Fastest) : StreamCompressor
{
    private readonly int zstdLevel = level switch
    {
        CompressionLevel.SmallestSize => 19,
        CompressionLevel.Optimal => 6,
        _ => 1,
    };

    public override string Name => "zstd";

    public override byte CompressType => CompressTypes.Zstd;

    protected override Stream CreateCompressor(Stream output) => new CompressionStream(output, zstdLevel, leaveOpen: true);

    protected override Stream CreateDecompressor(Stream input) => new DecompressionStream(input, leaveOpen: true);
}
