using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace PlugRpc.Transport.Tcp;

/// <summary>TLS over TCP: <c>tls://host:port</c>, server certificate required, client certificates optional (mutual TLS).</summary>
public sealed class TlsTransport : ITransport
{
    private readonly TcpTransport tcp;
    private readonly TlsOptions options;
    private readonly X509Certificate2? clientCertificate;
    private readonly X509ChainPolicy? trust;

    public TlsTransport(TcpTransportOptions tcpOptions, TlsOptions options)
    {
        tcp = new TcpTransport(tcpOptions);
        this.options = options;
        var serverCertificate = TlsCertificates.Load("certificate", options.Certificate, options.Key, options.Password);
        clientCertificate = TlsCertificates.Load("clientCertificate", options.ClientCertificate, options.ClientKey, options.Password);
        trust = TlsCertificates.ChainPolicy(TlsCertificates.LoadTrusted(options.TrustedCa));
        ServerTls = serverCertificate is null ? null : new ServerTls(serverCertificate, options.RequireClientCertificate, trust);
    }

    /// <summary>The server side of these settings; null without a certificate.</summary>
    public ServerTls? ServerTls { get; }

    public string Scheme => "tls";

    public string? CheckAddress(RpcAddress address) => address.CheckHostAndPort();

    public async ValueTask<ITransportConnection> ConnectAsync(RpcAddress address, CancellationToken cancellationToken)
    {
        var tcpConnection = await tcp.ConnectAsync(address, cancellationToken).ConfigureAwait(false);
        var ssl = new SslStream(tcpConnection.Stream, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = options.ServerName ?? address.GetHostAndPort().Host,
                    ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                    CertificateChainPolicy = trust,
                    EnabledSslProtocols = SslProtocols.None,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new RpcException(RpcStatusCode.Unavailable, $"TLS handshake with {address} failed: {ex.Message}", ex);
        }

        return new StreamConnection(ssl, tcpConnection);
    }

    public async ValueTask<ITransportListener> ListenAsync(RpcAddress address, CancellationToken cancellationToken)
    {
        if (ServerTls is null)
        {
            throw new RpcException(RpcStatusCode.FailedPrecondition, $"cannot listen on {address}: the tcp plugin's settings.tls.certificate is not set");
        }

        var serverOptions = ServerTls.CreateOptions();
        var listener = await tcp.ListenAsync(new RpcAddress("tcp", address.Target), cancellationToken).ConfigureAwait(false);
        return new TlsListener(listener, serverOptions, new RpcAddress(Scheme, listener.LocalAddress.Target));
    }

    /// <summary>Accepts TCP connections and wraps each in a TLS stream that shakes hands on first use.</summary>
    private sealed class TlsListener(ITransportListener tcp, SslServerAuthenticationOptions options, RpcAddress localAddress) : ITransportListener
    {
        public RpcAddress LocalAddress { get; } = localAddress;

        public async ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken)
        {
            var accepted = await tcp.AcceptAsync(cancellationToken).ConfigureAwait(false);
            var ssl = new SslStream(accepted.Stream, leaveInnerStreamOpen: false);
            return new StreamConnection(new ServerTlsStream(ssl, options, accepted.RemoteEndPoint), accepted);
        }

        public ValueTask DisposeAsync() => tcp.DisposeAsync();
    }

    /// <summary>A TLS stream over a TCP connection; disposing closes both.</summary>
    private sealed class StreamConnection(Stream stream, ITransportConnection underlying) : ITransportConnection
    {
        public Stream Stream => stream;

        public string RemoteEndPoint => underlying.RemoteEndPoint;

        public async ValueTask DisposeAsync()
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            await underlying.DisposeAsync().ConfigureAwait(false);
        }
    }
}
