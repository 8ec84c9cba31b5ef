using Autofac;
using Microsoft.Extensions.Hosting;
using PlugRpc.Plugins;

namespace PlugRpc.Gateway.Http;

/// <summary>
/// The HTTP gateway: with settings.url set (or the host's --gateway URL), a Kestrel server that starts and stops with
/// the host and takes calls as HTTP requests (<see cref="GatewayService"/>). Without a URL it registers nothing.
/// </summary>
public sealed class GatewayPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder)
    {
        var settings = ReadSettings<GatewaySettings>();
        settings.Validate();
        var address = GatewayAddress.Parse(settings.Url);
        if (address is null)
        {
            return;
        }

        builder.Register(c => new GatewayService(address, settings, c.Resolve<IComponentContext>()))
            .AsSelf().As<IHostedService>().SingleInstance();
    }
}
