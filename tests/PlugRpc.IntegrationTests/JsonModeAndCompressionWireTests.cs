using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MessagePack;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Protocol;

namespace PlugRpc.IntegrationTests;

/// <summary>go-rpc's JSON mode and compressed bodies, checked byte by byte on raw sockets.</summary>
public sealed class JsonModeAndCompressionWireTests
{
    private const string GoJsonAddHeader =
        """{"Seq":5,"MessageType":0,"CompressType":0,"SerializeType":0,"StatusCode":0,"ServiceName":"ArithService","MethodName":"Add","Error":"","MetaData":{"rpc_auth":"hello01"}}""";

    [Fact]
    public async Task One_port_answers_a_go_rpc_json_mode_request_in_json_and_a_msgpack_one_in_msgpack()
    {
        await using var bed = await TestBed.StartAsync();
        using var socket = await RawFrames.ConnectAsync(bed.Address);
        var stream = socket.GetStream();

        await stream.WriteAsync(Frame(Encoding.UTF8.GetBytes(GoJsonAddHeader), """{"A":1,"B":2}"""u8.ToArray()));
        var jsonAnswer = (await RawFrames.ReadFrameAsync(stream, TimeSpan.FromSeconds(5)))!;
        await stream.WriteAsync(RawFrames.Vector("add_request"));
        var msgpackAnswer = (await RawFrames.ReadFrameAsync(stream, TimeSpan.FromSeconds(5)))!;

        Assert.Equal((byte)'{', jsonAnswer[11]);
        var (json, jsonBody) = RawFrames.Decode(jsonAnswer);
        Assert.Equal((5UL, MessageType.Response, WireStatus.Ok, HeaderFormat.Json), (json.Seq, json.MessageType, json.StatusCode, json.HeaderFormat));
        Assert.Equal("""{"Reply":3}""", Encoding.UTF8.GetString(jsonBody));
        Assert.Equal(0x89, msgpackAnswer[11]);
        Assert.Equal(HeaderFormat.MessagePack, RawFrames.Decode(msgpackAnswer).Header.HeaderFormat);
    }

    [Fact]
    public async Task A_PlugRpc_client_in_json_mode_sends_the_header_go_rpc_sends_plus_its_deadline_entry()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = $"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        await using var bed = await TestBed.StartAsync(configureClient: c =>
        {
            c.Addresses = [address];
            c.Codec = "json";
        });

        var call = bed.AddAsync(1, 2);
        using var server = await listener.AcceptTcpClientAsync();
        var sent = (await RawFrames.ReadFrameAsync(server.GetStream(), TimeSpan.FromSeconds(5)))!;
        var headerLength = BinaryPrimitives.ReadInt32BigEndian(sent.AsSpan(7));

        var timeLeftMs = RawFrames.Decode(sent).Header.TimeLeftMs;
        Assert.InRange(timeLeftMs, 1, 5000);
        var expected = GoJsonAddHeader
            .Replace("\"Seq\":5", "\"Seq\":1", StringComparison.Ordinal)
            .Replace("\"hello01\"}", $"\"hello01\",\"rpc_deadline_ms\":\"{timeLeftMs}\"}}", StringComparison.Ordinal);
        Assert.Equal(expected, Encoding.UTF8.GetString(sent, 11, headerLength));
        Assert.Equal("""{"A":1,"B":2}""", Encoding.UTF8.GetString(sent, 11 + headerLength, sent.Length - 11 - headerLength));
        server.Close();
        await Assert.ThrowsAsync<RpcException>(() => call);
    }

    [Theory]
    [InlineData(1024, CompressTypes.None)]
    [InlineData(0, CompressTypes.Gzip)]
    public async Task A_compressed_request_is_answered_with_its_compression_above_the_threshold(int threshold, byte expectedCompression)
    {
        await using var bed = await TestBed.StartAsync(configureServer: s => s.CompressThreshold = threshold);
        using var socket = await RawFrames.ConnectAsync(bed.Address);
        var (header, body) = RawFrames.Decode(RawFrames.Vector("add_request"));
        header.CompressType = CompressTypes.Gzip;

        await socket.GetStream().WriteAsync(RawFrames.Encode(header, Gzip(body)));
        var (answer, answerBody) = RawFrames.Decode((await RawFrames.ReadFrameAsync(socket.GetStream(), TimeSpan.FromSeconds(5)))!);

        Assert.Equal(WireStatus.Ok, answer.StatusCode);
        Assert.Equal(expectedCompression, answer.CompressType);
        var plain = expectedCompression == CompressTypes.Gzip ? Gunzip(answerBody) : answerBody;
        Assert.Equal("""{"Reply":3}""", MessagePackSerializer.ConvertToJson(plain));
    }

    [Fact]
    public async Task An_unknown_compressor_is_named_with_those_loaded_and_the_connection_stays_up()
    {
        await using var bed = await TestBed.StartAsync();
        using var socket = await RawFrames.ConnectAsync(bed.Address);
        var (header, body) = RawFrames.Decode(RawFrames.Vector("add_request"));
        header.CompressType = 9;

        await socket.GetStream().WriteAsync(RawFrames.Encode(header, body));
        var answer = RawFrames.Decode((await RawFrames.ReadFrameAsync(socket.GetStream(), TimeSpan.FromSeconds(5)))!).Header;
        await socket.GetStream().WriteAsync(RawFrames.Vector("add_request"));
        var next = RawFrames.Decode((await RawFrames.ReadFrameAsync(socket.GetStream(), TimeSpan.FromSeconds(5)))!).Header;

        Assert.Equal("compress type 9 is not supported by this server (supported: none=0, gzip=1, brotli=2, lz4=3, zstd=4)", answer.Error);
        Assert.Equal(WireStatus.Ok, next.StatusCode);
    }

    [Fact]
    public async Task A_body_that_inflates_past_the_frame_limit_is_refused_without_inflating_it()
    {
        var logs = new CapturedLogs();
        await using var bed = await TestBed.StartAsync(
            configureServer: s => s.MaxFrameLength = 64 * 1024,
            extra: b => Autofac.RegistrationExtensions.RegisterInstance(b, logs.CreateFactory()).As<Microsoft.Extensions.Logging.ILoggerFactory>());
        using var socket = await RawFrames.ConnectAsync(bed.Address);
        var (header, _) = RawFrames.Decode(RawFrames.Vector("add_request"));
        header.CompressType = CompressTypes.Gzip;

        await socket.GetStream().WriteAsync(RawFrames.Encode(header, Gzip(new byte[10 * 1024 * 1024])));
        var frame = await RawFrames.ReadFrameAsync(socket.GetStream(), TimeSpan.FromSeconds(5));
        Assert.True(frame is not null, "connection closed: " + string.Join(" | ", logs.Lines));
        var answer = RawFrames.Decode(frame).Header;

        Assert.Equal("gzip body decompresses to more than the limit of 65536 bytes", answer.Error);
    }

    private static byte[] Frame(byte[] header, byte[] body)
    {
        var frame = new byte[11 + header.Length + body.Length];
        frame[0] = 0xab;
        frame[1] = 0xba;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(3), 4 + header.Length + body.Length);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(7), header.Length);
        header.CopyTo(frame, 11);
        body.CopyTo(frame, 11 + header.Length);
        return frame;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Gunzip(byte[] data)
    {
        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
