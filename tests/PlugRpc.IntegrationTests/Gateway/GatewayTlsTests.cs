using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using PlugRpc.Hosting;
using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests.Gateway;

/// <summary>HTTPS on the gateway with the tcp plugin's TLS settings, and the one-line refusal when they have no certificate.</summary>
public sealed class GatewayTlsTests : IDisposable
{
    private readonly TestCertificates certificates = new();

    [Fact]
    public async Task Https_serves_with_the_tcp_plugins_certificate()
    {
        await using var host = await GatewayHost.StartAsync(
            manifest => GatewayHost.SetPluginSettings(manifest, "PlugRpc.Transport.Tcp", JsonNode.Parse(certificates.TcpSettings().GetRawText())!),
            gatewayUrl: "https://127.0.0.1:0");
        var trust = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        trust.CustomTrustStore.Add(X509CertificateLoader.LoadCertificateFromFile(certificates.CaPath));
        using var http = new HttpClient(new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = trust } })
        {
            BaseAddress = host.Url,
        };

        var reply = await GatewayReply.ReadAsync(await http.SendAsync(GatewayHost.Post("/ArithService/Add", """{"A":2,"B":3}""", GatewayHost.Auth())));

        Assert.Equal("https", host.Url.Scheme);
        Assert.Equal(200, reply.Status);
        Assert.Equal(5, reply.Body.GetProperty("Reply").GetInt64());
    }

    [Fact]
    public async Task Https_without_a_tls_certificate_fails_the_start_with_one_line()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => GatewayHost.StartAsync(gatewayUrl: "https://127.0.0.1:0"));

        Assert.Equal(
            "gateway: settings.url is https://127.0.0.1:0, but no TLS certificate is set: HTTPS uses the tcp plugin's settings.tls (set its certificate)",
            StartupErrors.Describe(error));
    }

    public void Dispose() => certificates.Dispose();
}
