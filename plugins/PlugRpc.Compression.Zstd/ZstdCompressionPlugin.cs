using System.IO.Compression;
using PlugRpc.Codecs;
using PlugRpc.Plugins;

namespace PlugRpc.Compression.Zstd;

/// <summary>Registers the zstd compressor as "zstd".</summary>
public sealed class ZstdCompressionPlugin : CompressorPlugin
{
    protected override ICompressor Create(CompressionLevel level) => new ZstdCompressor(level);
}
