using System.IO.Compression;
using K4os.Compression.LZ4;
using K4os.Compression.LZ4.Streams;
using PlugRpc.Codecs;
using PlugRpc.Protocol;

namespace PlugRpc.Compression.Lz4;

/// <summary>LZ4 frames (K4os.Compression.LZ4).</summary>
public sealed class Lz4Compressor(CompressionLevel level = CompressionLevel.Fastest) : StreamCompressor
{
    private readonly LZ4Level lz4Level = level switch
    {
        CompressionLevel.SmallestSize => LZ4Level.L12_MAX,
        CompressionLevel.Optimal => LZ4Level.L09_HC,
        _ => LZ4Level.L00_FAST,
    };

    public override string Name => "lz4";

    public override byte CompressType => CompressTypes.Lz4;

    protected override Stream CreateCompressor(Stream output) => LZ4Stream.Encode(output, lz4Level, leaveOpen: true);

    protected override Stream CreateDecompressor(Stream input) => LZ4Stream.Decode(input, leaveOpen: true);
}
