using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace PlugRpc.Transport;

/// <summary>
/// The server side of TLS as a transport plugin loaded it from its settings (the certificate, whether clients must
/// show one, whom to trust for theirs), offered in the container so that the process's other listeners, such as the
/// HTTP gateway, serve with the same settings.
/// </summary>
public sealed class ServerTls
{
    public ServerTls(X509Certificate2 certificate, bool requireClientCertificate, X509ChainPolicy? clientTrust)
    {
        Certificate = certificate;
        RequireClientCertificate = requireClientCertificate;
        ClientTrust = clientTrust;
    }

    public X509Certificate2 Certificate { get; }

    public bool RequireClientCertificate { get; }

    /// <summary>The chain policy for clients' certificates; null trusts the system's authorities.</summary>
    public X509ChainPolicy? ClientTrust { get; }

    /// <summary>New handshake options from these settings (the system's choice of TLS versions).</summary>
    public SslServerAuthenticationOptions CreateOptions() => new()
    {
        ServerCertificate = Certificate,
        ClientCertificateRequired = RequireClientCertificate,
        CertificateChainPolicy = ClientTrust,
        EnabledSslProtocols = SslProtocols.None,
    };
}
