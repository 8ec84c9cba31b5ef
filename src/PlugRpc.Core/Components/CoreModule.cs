using Autofac;
using PlugRpc.Protocol;

namespace PlugRpc.Components;

/// <summary>The implementations Core ships; plugins add the rest.</summary>
internal sealed class CoreModule : Module
{
    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterType<GoRpcFrameProtocol>().As<IFrameProtocol>().Named<IFrameProtocol>("gorpc").SingleInstance();
        builder.RegisterType<RpcComponents>().AsSelf().SingleInstance();
        builder.RegisterType<Discovery.RegistryDirectory>().AsSelf().SingleInstance();
    }
}
