using System.IO.Compression;
using Autofac;
using PlugRpc.Codecs;

namespace PlugRpc.Plugins;

/// <summary>
/// The entry point of a compression plugin: reads the "level" setting ("fastest", "optimal", "smallest") and
/// registers the compressor (found by its own <see cref="ICompressor.Name"/>).
/// </summary>
public abstract class CompressorPlugin : RpcPlugin
{
    protected abstract ICompressor Create(CompressionLevel level);

    protected sealed override void Load(ContainerBuilder builder)
    {
        var level = ReadSettings<CompressionSettings>().Level?.ToLowerInvariant() switch
        {
            null or "fastest" => CompressionLevel.Fastest,
            "optimal" => CompressionLevel.Optimal,
            "smallest" => CompressionLevel.SmallestSize,
            var other => throw new PluginSettingsException($"{SettingsPath}.level '{other}' is not one of fastest, optimal, smallest"),
        };
        builder.RegisterCompressor(_ => Create(level));
    }
}
