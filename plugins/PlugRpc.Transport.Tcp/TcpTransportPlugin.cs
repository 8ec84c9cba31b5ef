using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Transport.Tcp;

/// <summary>Registers the TCP transport as "tcp".</summary>
public sealed class TcpTransportPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder)
    {
        var settings = ReadSettings<TcpTransportOptions>();
        settings.Validate();
        builder.RegisterTransport("tcp", _ => new TcpTransport(settings));
    }
}
