using Autofac;
using PlugRpc.Protocol;
using PlugRpc.Selectors;

namespace PlugRpc.Components;

/// <summary>The implementations Core ships; plugins add the rest.</summary>
internal sealed class CoreModule : Module
{
    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterType<GoRpcFrameProtocol>().As<IFrameProtocol>().Named<IFrameProtocol>("gorpc").SingleInstance();
        builder.RegisterType<RandomSelector>().As<Discovery.ISelector>().Named<Discovery.ISelector>("random").SingleInstance();
        builder.RegisterType<RpcComponents>().AsSelf().SingleInstance();
    }
}
