using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Autofac;
using Microsoft.Extensions.Logging;
using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests;

/// <summary>Bad bytes close the one connection that sent them, with a log line; everyone else is served.</summary>
public sealed class MalformedInputTests
{
    public static TheoryData<string, byte[], string> BadFrames => new()
    {
        { "wrong magic", "GET / HTTP/1.1\r\n\r\n"u8.ToArray(), "magic" },
        { "wrong version", Frame(magic: 0xABBA, version: 7, total: 10, headerLength: 2), "version" },
        { "length over the limit", Frame(magic: 0xABBA, version: 0, total: int.MaxValue, headerLength: 4), "2147483647" },
        { "header longer than the frame", Frame(magic: 0xABBA, version: 0, total: 8, headerLength: 100), "header" },
        { "garbage header", [.. Frame(magic: 0xABBA, version: 0, total: 8, headerLength: 4), 0xc1, 0xc1, 0xc1, 0xc1], "header" },
    };

    [Theory]
    [MemberData(nameof(BadFrames))]
    public async Task A_bad_frame_closes_only_its_connection_with_a_log_line(string what, byte[] bytes, string logged)
    {
        var logs = new CapturedLogs();
        await using var bed = await TestBed.StartAsync(
            configureServer: s => s.MaxFrameLength = 1024 * 1024,
            extra: b => b.RegisterInstance(logs.CreateFactory()).As<ILoggerFactory>());
        Assert.Equal(3, (await bed.AddAsync(1, 2)).Reply);
        using var attacker = await RawFrames.ConnectAsync(bed.Address);

        await attacker.GetStream().WriteAsync(bytes);

        Assert.True(await RawFrames.PeerClosesAsync(attacker.GetStream(), TimeSpan.FromSeconds(5)), $"{what}: connection left open");
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning: closing connection with", StringComparison.Ordinal) && l.Contains(logged, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(7, (await bed.AddAsync(3, 4)).Reply);
    }

    [Fact]
    public async Task A_peer_that_hangs_up_mid_frame_harms_nobody()
    {
        await using var bed = await TestBed.StartAsync();
        var request = RawFrames.Vector("add_request");
        using (var quitter = await RawFrames.ConnectAsync(bed.Address))
        {
            await quitter.GetStream().WriteAsync(request.AsMemory(0, request.Length / 2));
        }

        Assert.Equal(5, (await bed.AddAsync(2, 3)).Reply);
    }

    [Fact]
    public async Task A_server_sending_garbage_fails_the_waiting_call_at_once_with_a_protocol_error()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = $"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        await using var bed = await TestBed.StartAsync(configureClient: c =>
        {
            c.Addresses = [address];
            c.RequestTimeout = TimeSpan.FromSeconds(60);
        });

        var call = bed.AddAsync(1, 2);
        using var server = await listener.AcceptTcpClientAsync();
        await RawFrames.ReadFrameAsync(server.GetStream(), TimeSpan.FromSeconds(5));
        await server.GetStream().WriteAsync("this is not a frame"u8.ToArray());

        var error = await Assert.ThrowsAsync<RpcException>(() => call).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(RpcStatusCode.ProtocolError, error.StatusCode);
        Assert.Contains("magic", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_request_in_a_codec_the_server_lacks_gets_an_error_naming_it_and_the_connection_stays_up()
    {
        await using var bed = await TestBed.StartAsync();
        using var socket = await RawFrames.ConnectAsync(bed.Address);
        var stream = socket.GetStream();
        var (header, body) = RawFrames.Decode(RawFrames.Vector("add_request"));
        header.SerializeType = 7;

        await stream.WriteAsync(RawFrames.Encode(header, body));
        var answer = RawFrames.Decode((await RawFrames.ReadFrameAsync(stream, TimeSpan.FromSeconds(5)))!).Header;
        await stream.WriteAsync(RawFrames.Vector("add_request"));
        var next = RawFrames.Decode((await RawFrames.ReadFrameAsync(stream, TimeSpan.FromSeconds(5)))!).Header;

        Assert.Equal("serialize type 7 is not supported by this server (supported: json=0, msgpack=1, protobuf=3)", answer.Error);
        Assert.Equal(Protocol.WireStatus.Ok, next.StatusCode);
    }

    [Fact]
    public async Task An_undecodable_body_is_answered_with_an_invalid_argument_and_the_connection_stays_up()
    {
        await using var bed = await TestBed.StartAsync();
        using var socket = await RawFrames.ConnectAsync(bed.Address);
        var stream = socket.GetStream();
        var (header, _) = RawFrames.Decode(RawFrames.Vector("add_request"));

        await stream.WriteAsync(RawFrames.Encode(header, [0xc1, 0xc1]));
        var answer = RawFrames.Decode((await RawFrames.ReadFrameAsync(stream, TimeSpan.FromSeconds(5)))!).Header;
        await stream.WriteAsync(RawFrames.Vector("add_request"));
        var next = RawFrames.Decode((await RawFrames.ReadFrameAsync(stream, TimeSpan.FromSeconds(5)))!).Header;

        Assert.Equal(Protocol.WireStatus.Error, answer.StatusCode);
        Assert.StartsWith("cannot decode ArithRequest from msgpack", answer.Error);
        Assert.Equal(((int)RpcStatusCode.InvalidArgument).ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Metadata?[MetadataKeys.Status]);
        Assert.Equal(Protocol.WireStatus.Ok, next.StatusCode);
    }

    private static byte[] Frame(ushort magic, byte version, int total, int headerLength)
    {
        var bytes = new byte[11];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, magic);
        bytes[2] = version;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(3), total);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(7), headerLength);
        return bytes;
    }
}
