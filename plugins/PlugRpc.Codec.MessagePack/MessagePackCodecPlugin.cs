using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Codec.MessagePack;

/// <summary>Registers the msgpack codec as "msgpack".</summary>
public sealed class MessagePackCodecPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder)
    {
        var settings = ReadSettings<MessagePackCodecOptions>();
        PluginSettingsException.ThrowIfBelow("msgpack", "maxDepth", settings.MaxDepth, 1);

        builder.RegisterCodec(_ => new MessagePackCodec(settings));
    }
}
