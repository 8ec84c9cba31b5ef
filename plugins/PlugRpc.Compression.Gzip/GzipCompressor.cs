using System.IO.Compression;
using PlugRpc.Codecs;
using PlugRpc.Protocol;

namespace PlugRpc.Compression.Gzip;

/// <summary>gzip (RFC 1952) from the BCL.</summary>
public sealed class GzipCompressor(CompressionLevel level = CompressionLevel.Fastest) : StreamCompressor
{
    public override string Name => "gzip";

    public override byte CompressType => CompressTypes.Gzip;

    protected override Stream CreateCompressor(Stream output) => new GZipStream(output, level, leaveOpen: true);

    protected override Stream CreateDecompressor(Stream input) => new GZipStream(input, CompressionMode.Decompress, leaveOpen: true);
}
