using System.Net;
using System.Net.Sockets;
using MessagePack;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Protocol;

namespace PlugRpc.IntegrationTests;

/// <summary>PlugRpc against frames captured from go-rpc, over real sockets.</summary>
public sealed class WireCompatibilityTests
{
    [Theory]
    [InlineData("add_request", "add_response")]
    [InlineData("divide_by_zero_request", "divide_by_zero_error_response")]
    [InlineData("bad_auth_request", "bad_auth_error_response")]
    [InlineData("unknown_service_request", "unknown_service_error_response")]
    [InlineData("heartbeat_request", "heartbeat_response")]
    public async Task A_PlugRpc_server_answers_each_go_rpc_request_as_go_rpc_did(string request, string response)
    {
        await using var bed = await TestBed.StartAsync();
        using var socket = await RawFrames.ConnectAsync(bed.Address);
        var stream = socket.GetStream();

        await stream.WriteAsync(RawFrames.Vector(request));
        var answer = await RawFrames.ReadFrameAsync(stream, TimeSpan.FromSeconds(5));

        Assert.NotNull(answer);
        var (actual, actualBody) = RawFrames.Decode(answer);
        var (expected, expectedBody) = RawFrames.Decode(RawFrames.Vector(response));
        Assert.Equal(expected.Seq, actual.Seq);
        Assert.Equal(expected.MessageType, actual.MessageType);
        Assert.Equal(expected.CompressType, actual.CompressType);
        Assert.Equal(expected.SerializeType, actual.SerializeType);
        Assert.Equal(expected.StatusCode, actual.StatusCode);
        Assert.Equal(expected.ServiceName, actual.ServiceName);
        Assert.Equal(expected.MethodName, actual.MethodName);
        Assert.Equal(expected.Error, actual.Error);
        Assert.Equal(Describe(expected.Metadata), Describe(WithoutStatus(actual.Metadata)));
        Assert.Equal(expected.StatusCode == WireStatus.Error, actual.Metadata?.ContainsKey(MetadataKeys.Status) ?? false);
        Assert.Equal(BodyAsJson(expectedBody), BodyAsJson(actualBody));
    }

    [Fact]
    public async Task A_PlugRpc_client_sends_Add_with_the_header_go_rpc_sends_plus_its_deadline_entry()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = $"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        await using var bed = await TestBed.StartAsync(configureClient: c => c.Addresses = [address]);

        var call = bed.AddAsync(1, 2);
        using var server = await listener.AcceptTcpClientAsync();
        var sent = await RawFrames.ReadFrameAsync(server.GetStream(), TimeSpan.FromSeconds(5));

        // The deadline is the one entry go-rpc does not send: with it taken out, the header is go-rpc's byte for byte.
        Assert.NotNull(sent);
        Assert.True(sent.AsSpan().IndexOf("rpc_deadline_ms"u8) > 0, "no rpc_deadline_ms entry in the request");
        var (sentHeader, sentBody) = RawFrames.Decode(sent);
        Assert.InRange(sentHeader.TimeLeftMs, 1, 5000);
        sentHeader.TimeLeftMs = 0;
        sent = RawFrames.Encode(sentHeader, sentBody);
        var captured = RawFrames.Vector("add_request");
        var capturedHeaderLength = 11 + HeaderLength(captured);
        Assert.Equal(Convert.ToHexString(captured.AsSpan(7, capturedHeaderLength - 7)), Convert.ToHexString(sent.AsSpan(7, 11 + HeaderLength(sent) - 7)));
        Assert.Equal(BodyAsJson(captured[capturedHeaderLength..]), BodyAsJson(sent[(11 + HeaderLength(sent))..]));
        server.Close();
        await Assert.ThrowsAsync<RpcException>(() => call);
    }

    [Fact]
    public async Task A_PlugRpc_client_reads_go_rpc_responses_including_errors()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = $"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        await using var bed = await TestBed.StartAsync(configureClient: c => c.Addresses = [address]);

        var add = bed.AddAsync(1, 2);
        using var server = await listener.AcceptTcpClientAsync();
        var stream = server.GetStream();
        await RawFrames.ReadFrameAsync(stream, TimeSpan.FromSeconds(5));
        await stream.WriteAsync(RawFrames.Vector("add_response"));
        Assert.Equal(3, (await add).Reply);

        var divide = bed.AddAsync(1, 0);
        var second = RawFrames.Decode((await RawFrames.ReadFrameAsync(stream, TimeSpan.FromSeconds(5)))!).Header;
        var (errorHeader, errorBody) = RawFrames.Decode(RawFrames.Vector("divide_by_zero_error_response"));
        errorHeader.Seq = second.Seq;
        await stream.WriteAsync(RawFrames.Encode(errorHeader, errorBody));

        var error = await Assert.ThrowsAsync<RpcException>(() => divide);
        Assert.Equal("divided by zero", error.Message);
        Assert.Equal(RpcStatusCode.Unknown, error.StatusCode);

        var unauthorised = bed.AddAsync(1, 2);
        var third = RawFrames.Decode((await RawFrames.ReadFrameAsync(stream, TimeSpan.FromSeconds(5)))!).Header;
        var (authHeader, authBody) = RawFrames.Decode(RawFrames.Vector("bad_auth_error_response"));
        authHeader.Seq = third.Seq;
        await stream.WriteAsync(RawFrames.Encode(authHeader, authBody));

        var refused = await Assert.ThrowsAsync<RpcException>(() => unauthorised);
        Assert.Equal((RpcStatusCode.Unauthenticated, "auth failed"), (refused.StatusCode, refused.Message));
    }

    private static int HeaderLength(byte[] frame) => (frame[7] << 24) | (frame[8] << 16) | (frame[9] << 8) | frame[10];

    private static Metadata? WithoutStatus(Metadata? metadata)
    {
        if (metadata is null)
        {
            return null;
        }

        var copy = metadata.Clone();
        copy.Remove(MetadataKeys.Status);
        return copy;
    }

    private static string Describe(Metadata? metadata) =>
        metadata is null ? "nil" : string.Join(",", metadata.Select(p => $"{p.Key}={p.Value}"));

    private static string BodyAsJson(byte[] body) => body.Length == 0 ? "<empty>" : MessagePackSerializer.ConvertToJson(body);
}
