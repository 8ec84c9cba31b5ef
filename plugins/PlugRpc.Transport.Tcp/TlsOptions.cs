namespace PlugRpc.Transport.Tcp;

/// <summary>TLS settings of the TCP plugin (its "tls" object), used for <c>tls://host:port</c> addresses.</summary>
public sealed class TlsOptions
{
    /// <summary>The server's certificate: a PEM file (with <see cref="Key"/>) or a PFX/PKCS#12 file.</summary>
    public string? Certificate { get; set; }

    /// <summary>The PEM private key of <see cref="Certificate"/>, when it is not inside the certificate file.</summary>
    public string? Key { get; set; }

    /// <summary>Password of a PFX file.</summary>
    public string? Password { get; set; }

    /// <summary>A server asks every client for a certificate and refuses those without one it trusts (mutual TLS).</summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>The client's own certificate for mutual TLS (PEM with <see cref="ClientKey"/>, or PFX).</summary>
    public string? ClientCertificate { get; set; }

    public string? ClientKey { get; set; }

    /// <summary>
    /// A PEM file of the certificate authorities (or self-signed certificates) to trust instead of the system's:
    /// for a client, the servers' issuers; for a server, the clients' issuers.
    /// </summary>
    public string? TrustedCa { get; set; }

    /// <summary>The name the client expects in the server's certificate; default: the host in the address.</summary>
    public string? ServerName { get; set; }
}
