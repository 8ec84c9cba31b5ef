using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Codec.MessagePack;

/// <summary>Registers the msgpack codec as "msgpack".</summary>
public sealed class MessagePackCodecPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder)
    {
        var settings = ReadSettings<MessagePackCodecOptions>();
        if (settings.MaxDepth < 1)
        {
            throw new PluginSettingsException($"msgpack: settings.maxDepth must be at least 1, not {settings.MaxDepth}");
        }

        builder.RegisterCodec("msgpack", _ => new MessagePackCodec(settings));
    }
}
