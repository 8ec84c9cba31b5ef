using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Codec.Protobuf;

/// <summary>Registers the protobuf codec as "protobuf".</summary>
public sealed class ProtobufCodecPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder) => builder.RegisterCodec(_ => new ProtobufCodec());
}
