using PlugRpc.Codecs;
using PlugRpc.Protocol;
using PlugRpc.Plugins;

namespace PlugRpc.Components;

/// <summary>The codecs and compressors loaded, found by name (options) or by wire number (frames).</summary>
internal sealed class CodecSet
{
    private readonly ICodec?[] codecsByType = new ICodec?[256];
    private readonly ICompressor?[] compressorsByType = new ICompressor?[256];

    /// <exception cref="PluginLoadException">Two codecs or two compressors share a name or a wire number (or a compressor claims 0, "none").</exception>
    public CodecSet(IReadOnlyList<Owned<ICodec>> codecs, IReadOnlyList<Owned<ICompressor>> compressors)
    {
        Codecs = new NamedSet<ICodec>("codec", codecs, c => c.Name);
        Compressors = new NamedSet<ICompressor>("compressor", compressors, c => c.Name);
        var codecOwners = new string?[256];
        foreach (var (codec, owner) in codecs)
        {
            Claim(codecOwners, codec.SerializeType, owner, "SerializeType", codec.Name, codecsByType[codec.SerializeType]?.Name);
            codecsByType[codec.SerializeType] = codec;
        }

        var compressorOwners = new string?[256];
        compressorOwners[CompressTypes.None] = "PlugRpc (none)";
        foreach (var (compressor, owner) in compressors)
        {
            Claim(compressorOwners, compressor.CompressType, owner, "CompressType", compressor.Name, compressor.CompressType == CompressTypes.None ? "none" : compressorsByType[compressor.CompressType]?.Name);
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

    private static void Claim(string?[] owners, byte number, string owner, string field, string name, string? otherName)
    {
        if (owners[number] is { } other)
        {
            throw new PluginLoadException(
                $"{owner}'s '{name}' and {other}'s '{otherName}' both use {field} {number}; a wire number must be one component's (see the README for the numbers free for plugins)");
        }

        owners[number] = owner;
    }

    private static string Describe(IEnumerable<string> items)
    {
        var text = string.Join(", ", items);
        return text.Length == 0 ? "none" : text;
    }
}
