using Autofac;
using PlugRpc.Codec.MessagePack;
using PlugRpc.Codec.Protobuf;
using PlugRpc.Components;
using PlugRpc.Plugins;
using PlugRpc.Transport.Tcp;
using PlugRpc.Transport.Uds;

namespace PlugRpc.Bench.Contenders;

/// <summary>The PlugRpc components the bench uses on both sides, as plain references.</summary>
internal static class PlugRpcRuntime
{
    public static IContainer Build()
    {
        var builder = new ContainerBuilder();
        builder.AddPlugRpcCore();
        builder.AddPlugin<MessagePackCodecPlugin>();
        builder.AddPlugin<ProtobufCodecPlugin>();
        builder.AddPlugin<TcpTransportPlugin>();
        builder.AddPlugin<UdsTransportPlugin>();
        return builder.Build();
    }
}
