using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Transport.Tcp;

/// <summary>Registers the TCP transport as "tcp" and TLS over TCP as "tls".</summary>
public sealed class TcpTransportPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder)
    {
        var settings = ReadSettings<TcpTransportOptions>();
        settings.Validate();
        builder.RegisterTransport("tcp", _ => new TcpTransport(settings));
        var tls = settings.Tls ?? new TlsOptions();
        builder.RegisterTransport("tls", _ => new TlsTransport(settings, tls));
    }
}
