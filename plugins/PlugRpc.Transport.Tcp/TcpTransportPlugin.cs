using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Transport.Tcp;

/// <summary>
/// Registers the TCP transport as "tcp" and TLS over TCP as "tls"; with a TLS certificate, also the server side of
/// its TLS settings (<see cref="ServerTls"/>) for the process's other listeners, such as the HTTP gateway.
/// </summary>
public sealed class TcpTransportPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder)
    {
        var settings = ReadSettings<TcpTransportOptions>();
        settings.Validate();
        builder.RegisterTransport(_ => new TcpTransport(settings));
        var tls = settings.Tls ?? new TlsOptions();
        var tlsTransport = new Lazy<TlsTransport>(() => new TlsTransport(settings, tls));
        builder.RegisterTransport(_ => tlsTransport.Value);
        if (tls.Certificate is not null)
        {
            builder.Register(_ => tlsTransport.Value.ServerTls!).As<ServerTls>().SingleInstance();
        }
    }
}
