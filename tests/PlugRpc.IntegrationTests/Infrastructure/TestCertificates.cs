using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>
/// Throwaway certificates made at run time, written as PEM files: a test CA, a server certificate for localhost
/// and 127.0.0.1 and a client certificate it issued, and a server certificate from an untrusted CA.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("plugrpc-tls-").FullName;

    public TestCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = SelfSignedCa("CN=PlugRpc Test CA", caKey);
        using var rogueKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rogue = SelfSignedCa("CN=Somebody Else", rogueKey);
        CaPath = WriteCertificate("ca.pem", ca);
        (ServerCertificatePath, ServerKeyPath) = Issue("server", "CN=localhost", ca, serverAuth: true);
        (ClientCertificatePath, ClientKeyPath) = Issue("client", "CN=plugrpc-client", ca, serverAuth: false);
        (RogueCertificatePath, RogueKeyPath) = Issue("rogue", "CN=localhost", rogue, serverAuth: true);
    }

    public string CaPath { get; }

    public string ServerCertificatePath { get; }

    public string ServerKeyPath { get; }

    public string ClientCertificatePath { get; }

    public string ClientKeyPath { get; }

    public string RogueCertificatePath { get; }

    public string RogueKeyPath { get; }

    public string Directory => directory;

    /// <summary>The TCP plugin's settings with a "tls" object for these certificates.</summary>
    public JsonElement TcpSettings(string serverName = "localhost", bool requireClientCertificate = false, bool sendClientCertificate = false, bool rogueServer = false)
    {
        var tls = new Dictionary<string, object?>
        {
            ["certificate"] = rogueServer ? RogueCertificatePath : ServerCertificatePath,
            ["key"] = rogueServer ? RogueKeyPath : ServerKeyPath,
            ["trustedCa"] = CaPath,
            ["serverName"] = serverName,
            ["requireClientCertificate"] = requireClientCertificate,
            ["clientCertificate"] = sendClientCertificate ? ClientCertificatePath : null,
            ["clientKey"] = sendClientCertificate ? ClientKeyPath : null,
        };
        return JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["tls"] = tls });
    }

    public void Dispose() => System.IO.Directory.Delete(directory, recursive: true);

    private static X509Certificate2 SelfSignedCa(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private (string Certificate, string Key) Issue(string name, string subject, X509Certificate2 issuer, bool serverAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        using var certificate = request.Create(issuer, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        var certificatePath = WriteCertificate($"{name}.pem", certificate);
        var keyPath = Path.Combine(directory, $"{name}.key");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    private string WriteCertificate(string file, X509Certificate2 certificate)
    {
        var path = Path.Combine(directory, file);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }
}

[CollectionDefinition(Name)]
public sealed class TlsCollection : ICollectionFixture<TestCertificates>
{
    public const string Name = "tls certificates";
}
