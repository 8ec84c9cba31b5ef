using System.IO.Compression;
using PlugRpc.Codecs;
using PlugRpc.Plugins;

namespace PlugRpc.Compression.Brotli;

/// <summary>Registers the brotli compressor as "brotli".</summary>
public sealed class BrotliCompressionPlugin : CompressorPlugin
{
    protected override ICompressor Create(CompressionLevel level) => new BrotliCompressor(level);
}
