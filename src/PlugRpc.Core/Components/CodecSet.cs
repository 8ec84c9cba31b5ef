using PlugRpc.Codecs;

namespace PlugRpc.Components;

/// <summary>The codecs and compressors loaded, found by name (options) or by wire number (frames).</summary>
internal sealed class CodecSet
{
    private readonly ICodec?[] codecsByType = new ICodec?[256];
    private readonly ICompressor?[] compressorsByType = new ICompressor?[256];

    public CodecSet(IEnumerable<ICodec> codecs, IEnumerable<ICompressor> compressors)
    {
        Codecs = new NamedSet<ICodec>("codec", codecs, c => c.Name);
        Compressors = new NamedSet<ICompressor>("compressor", compressors, c => c.Name);
        foreach (var codec in Codecs.All)
        {
            codecsByType[codec.SerializeType] = codec;
        }

        foreach (var compressor in Compressors.All)
        {
            compressorsByType[compressor.CompressType] = compressor;
        }
    }

    public NamedSet<ICodec> Codecs { get; }

    public NamedSet<ICompressor> Compressors { get; }

    /// <summary>The compressor named in options; "none" means no compression.</summary>
    public ICompressor? CompressorNamed(string name) =>
        string.Equals(name, "none", StringComparison.OrdinalIgnoreCase) ? null : Compressors.Get(name);

    public bool TryGetCodec(byte serializeType, out ICodec codec)
    {
        codec = codecsByType[serializeType]!;
        return codec is not null;
    }

    public bool TryGetCompressor(byte compressType, out ICompressor compressor)
    {
        compressor = compressorsByType[compressType]!;
        return compressor is not null;
    }

    public string DescribeCodecs() => Describe(Codecs.All.OrderBy(c => c.SerializeType).Select(c => $"{c.Name}={c.SerializeType}"));

    public string DescribeCompressors() =>
        Describe(Compressors.All.OrderBy(c => c.CompressType).Select(c => $"{c.Name}={c.CompressType}").Prepend("none=0"));

    private static string Describe(IEnumerable<string> items)
    {
        var text = string.Join(", ", items);
        return text.Length == 0 ? "none" : text;
    }
}
