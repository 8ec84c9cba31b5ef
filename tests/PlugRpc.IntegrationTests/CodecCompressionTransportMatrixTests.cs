using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Samples.Arith;

namespace PlugRpc.IntegrationTests;

/// <summary>Every codec with every compressor over every transport, end to end over real sockets.</summary>
[Collection(TlsCollection.Name)]
public sealed class CodecCompressionTransportMatrixTests(TestCertificates certificates)
{
    public static TheoryData<string, string, string> Matrix()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var codec in new[] { "msgpack", "json", "protobuf" })
        {
            foreach (var compressor in new[] { "none", "gzip", "brotli", "lz4", "zstd" })
            {
                foreach (var transport in new[] { "tcp", "unix", "tls" })
                {
                    data.Add(codec, compressor, transport);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task A_call_and_a_large_echo_round_trip(string codec, string compressor, string transport)
    {
        var listenOn = transport switch
        {
            "unix" => $"unix://{Path.Combine(Path.GetTempPath(), $"plugrpc-{Guid.NewGuid():N}.sock")}",
            "tls" => "tls://127.0.0.1:0",
            _ => "tcp://127.0.0.1:0",
        };
        await using var bed = await TestBed.StartAsync(
            configureServer: s => s.CompressThreshold = 0,
            configureClient: c =>
            {
                c.Codec = codec;
                c.Compressor = compressor;
                c.CompressThreshold = 0;
            },
            listenOn: listenOn,
            tcpSettings: certificates.TcpSettings(serverName: "localhost"));
        var blob = new Blob { Text = string.Concat(Enumerable.Repeat("PlugRpc ", 20_000)), Numbers = [.. Enumerable.Range(0, 1000)] };

        var sum = await bed.AddAsync(20, 22);
        var echoed = await bed.Client.CallAsync<Blob, Blob>("Echo.Echo", blob);

        Assert.Equal(42, sum.Reply);
        Assert.Equal(blob.Text, echoed.Text);
        Assert.Equal(blob.Numbers, echoed.Numbers);
    }
}
