using System.IO.Compression;
using PlugRpc.Codecs;
using PlugRpc.Plugins;

namespace PlugRpc.Compression.Gzip;

/// <summary>Registers the gzip compressor as "gzip".</summary>
public sealed class GzipCompressionPlugin : CompressorPlugin
{
    protected override ICompressor Create(CompressionLevel level) => new GzipCompressor(level);
}
