using System.Net.Security;
using Autofac;
using Microsoft.Extensions.Logging;
using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests;

[Collection(TlsCollection.Name)]
public sealed class TlsTests(TestCertificates certificates)
{
    [Fact]
    public async Task Mutual_tls_serves_a_client_with_a_trusted_certificate()
    {
        await using var bed = await TestBed.StartAsync(
            listenOn: "tls://127.0.0.1:0",
            tcpSettings: certificates.TcpSettings(requireClientCertificate: true, sendClientCertificate: true));

        Assert.Equal(3, (await bed.AddAsync(1, 2)).Reply);
    }

    [Fact]
    public async Task Large_bodies_sent_from_their_own_buffers_go_through_tls_whole()
    {
        await using var bed = await TestBed.StartAsync(
            listenOn: "tls://127.0.0.1:0",
            tcpSettings: certificates.TcpSettings(requireClientCertificate: true, sendClientCertificate: true));
        var blobs = Enumerable.Range(0, 8).Select(i => new Blob { Text = new string((char)('a' + i), 50_000 + (i * 7_000)), Numbers = [i] }).ToList();

        var answers = await Task.WhenAll(blobs.Select(blob => bed.Client.CallAsync<Blob, Blob>("Echo.Echo", blob)));

        Assert.Equal(blobs.Select(b => (b.Text, b.Numbers[0])), answers.Select(a => (a.Text, a.Numbers[0])));
    }

    [Fact]
    public async Task Mutual_tls_refuses_a_client_without_a_certificate()
    {
        await using var bed = await TestBed.StartAsync(
            listenOn: "tls://127.0.0.1:0",
            tcpSettings: certificates.TcpSettings(requireClientCertificate: true, sendClientCertificate: false));

        var error = await Assert.ThrowsAsync<RpcException>(() => bed.AddAsync(1, 2));

        Assert.True(error.StatusCode is RpcStatusCode.Unavailable or RpcStatusCode.ProtocolError, error.ToString());
        Assert.Equal(3, (await AddOverTlsWithClientCertificate(bed.Address)).Reply);
    }

    [Fact]
    public async Task A_server_certificate_the_client_does_not_trust_fails_the_handshake()
    {
        await using var bed = await TestBed.StartAsync(listenOn: "tls://127.0.0.1:0", tcpSettings: certificates.TcpSettings(rogueServer: true));

        var error = await Assert.ThrowsAsync<RpcException>(() => bed.AddAsync(1, 2));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains("TLS handshake with tls://127.0.0.1:", error.Message);
    }

    [Fact]
    public async Task A_server_name_that_does_not_match_fails_the_handshake()
    {
        await using var bed = await TestBed.StartAsync(listenOn: "tls://127.0.0.1:0", tcpSettings: certificates.TcpSettings(serverName: "example.org"));

        var error = await Assert.ThrowsAsync<RpcException>(() => bed.AddAsync(1, 2));

        Assert.Contains("TLS handshake", error.Message);
    }

    [Fact]
    public async Task A_plain_client_on_a_tls_port_fails_cleanly_on_both_sides()
    {
        var logs = new CapturedLogs();
        await using var bed = await TestBed.StartAsync(
            listenOn: "tls://127.0.0.1:0",
            tcpSettings: certificates.TcpSettings(),
            extra: b => b.RegisterInstance(logs.CreateFactory()).As<ILoggerFactory>());
        using var plain = await RawFrames.ConnectAsync(bed.Address.Replace("tls://", "tcp://", StringComparison.Ordinal));

        await plain.GetStream().WriteAsync(RawFrames.Vector("add_request"));

        Assert.True(await RawFrames.PeerClosesAsync(plain.GetStream(), TimeSpan.FromSeconds(5)));
        await Eventually.TrueAsync(() => logs.Lines.Any(l => l.Contains("TLS handshake with 127.0.0.1:", StringComparison.Ordinal)), "a log line for the failed handshake");
        Assert.Equal(3, (await bed.AddAsync(1, 2)).Reply);
    }

    [Fact]
    public async Task A_tls_client_on_a_plain_port_fails_cleanly()
    {
        await using var plainServer = await TestBed.StartAsync(tcpSettings: certificates.TcpSettings());
        await using var tlsClient = await TestBed.StartAsync(
            tcpSettings: certificates.TcpSettings(),
            configureClient: c => c.Addresses = [plainServer.Address.Replace("tcp://", "tls://", StringComparison.Ordinal)]);

        var error = await Assert.ThrowsAsync<RpcException>(() => tlsClient.AddAsync(1, 2));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains("TLS handshake", error.Message);
        Assert.Equal(3, (await plainServer.AddAsync(1, 2)).Reply);
    }

    private async Task<Samples.Arith.ArithResponse> AddOverTlsWithClientCertificate(string address)
    {
        await using var withCertificate = await TestBed.StartAsync(
            tcpSettings: certificates.TcpSettings(sendClientCertificate: true),
            configureClient: c => c.Addresses = [address]);
        return await withCertificate.AddAsync(1, 2);
    }
}
