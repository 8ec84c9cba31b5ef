using System.IO.Compression;
using PlugRpc.Codecs;
using PlugRpc.Plugins;

namespace PlugRpc.Compression.Lz4;

/// <summary>Registers the lz4 compressor as "lz4".</summary>
public sealed class Lz4CompressionPlugin : CompressorPlugin
{
    protected override ICompressor Create(CompressionLevel level) => new Lz4Compressor(level);
}
