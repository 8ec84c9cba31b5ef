using System.IO.Compression;
using PlugRpc.Codecs;
using PlugRpc.Protocol;

namespace PlugRpc.Compression.Brotli;

/// <summary>Brotli (RFC 7932) from the BCL.</summary>
public sealed class BrotliCompressor(CompressionLevel level = CompressionLevel.Fastest) : StreamCompressor
{
    public override string Name => "brotli";

    public override byte CompressType => CompressTypes.Brotli;

    protected override Stream CreateCompressor(Stream output) => new BrotliStream(output, level, leaveOpen: true);

    protected override Stream CreateDecompressor(Stream input) => new BrotliStream(input, CompressionMode.Decompress, leaveOpen: true);
}
