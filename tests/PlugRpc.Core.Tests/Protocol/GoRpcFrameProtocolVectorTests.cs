using System.Buffers;
using PlugRpc.Protocol;

namespace PlugRpc.Core.Tests.Protocol;

public sealed class GoRpcFrameProtocolVectorTests
{
    private static readonly GoRpcFrameProtocol Protocol = new();

    // body of Add(1, 2): map(2) "A" int64 1, "B" int64 2
    private static readonly byte[] AddBody =
        [0x82, 0xa1, 0x41, 0xd3, 0, 0, 0, 0, 0, 0, 0, 1, 0xa1, 0x42, 0xd3, 0, 0, 0, 0, 0, 0, 0, 2];

    public static TheoryData<string, ulong, MessageType, WireStatus, string, string, string, string?> Documented => new()
    {
        { "add_request", 1, MessageType.Request, WireStatus.Ok, "ArithService", "Add", "", "hello01" },
        { "add_response", 1, MessageType.Response, WireStatus.Ok, "ArithService", "Add", "", "hello01" },
        { "divide_by_zero_request", 1, MessageType.Request, WireStatus.Ok, "ArithService", "Divide", "", "hello01" },
        { "divide_by_zero_error_response", 1, MessageType.Response, WireStatus.Error, "ArithService", "Divide", "divided by zero", "hello01" },
        { "bad_auth_request", 1, MessageType.Request, WireStatus.Ok, "ArithService", "Add", "", "badtoken" },
        { "bad_auth_error_response", 1, MessageType.Response, WireStatus.Error, "ArithService", "Add", "auth failed", "badtoken" },
        { "unknown_service_request", 1, MessageType.Request, WireStatus.Ok, "NoSuch", "Add", "", "hello01" },
        { "unknown_service_error_response", 1, MessageType.Response, WireStatus.Error, "NoSuch", "Add", "can not find service", "hello01" },
        { "heartbeat_request", 2, MessageType.Heartbeat, WireStatus.Ok, "", "", "", null },
        { "heartbeat_response", 2, MessageType.Heartbeat, WireStatus.Ok, "", "", "", null },
    };

    [Theory]
    [MemberData(nameof(Documented))]
    public void Every_vector_decodes_to_its_documented_fields(
        string vector, ulong seq, MessageType type, WireStatus status, string service, string method, string error, string? token)
    {
        var (header, _) = Decode(Vectors.Read(vector));

        Assert.Equal(seq, header.Seq);
        Assert.Equal(type, header.MessageType);
        Assert.Equal(status, header.StatusCode);
        Assert.Equal(CompressTypes.None, header.CompressType);
        Assert.Equal(type == MessageType.Heartbeat ? SerializeTypes.Json : SerializeTypes.MessagePack, header.SerializeType);
        Assert.Equal(service, header.ServiceName);
        Assert.Equal(method, header.MethodName);
        Assert.Equal(error, header.Error);
        Assert.Equal(token, header.Metadata?[MetadataKeys.Auth]);
        Assert.Equal(token is null ? 0 : 1, header.Metadata?.Count ?? 0);
    }

    [Fact]
    public void Bodies_are_as_documented()
    {
        Assert.Equal(AddBody, Decode(Vectors.Read("add_request")).Body);
        Assert.Equal([0xa0], Decode(Vectors.Read("heartbeat_request")).Body);
        Assert.Empty(Decode(Vectors.Read("divide_by_zero_error_response")).Body);
        Assert.Empty(Decode(Vectors.Read("bad_auth_error_response")).Body);
    }

    [Fact]
    public void A_header_built_for_Add_1_2_is_byte_identical_to_go_rpcs()
    {
        var header = new MessageHeader
        {
            Seq = 1,
            MessageType = MessageType.Request,
            SerializeType = SerializeTypes.MessagePack,
            ServiceName = "ArithService",
            MethodName = "Add",
            Metadata = new Metadata { [MetadataKeys.Auth] = "hello01" },
        };

        Assert.Equal(Convert.ToHexString(Vectors.Read("add_request")), Convert.ToHexString(Encode(header, AddBody)));
    }

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void Re_encoding_a_decoded_vector_reproduces_it_exactly(string vector)
    {
        var original = Vectors.Read(vector);
        var (header, body) = Decode(original);

        Assert.Equal(Convert.ToHexString(original), Convert.ToHexString(Encode(header, body)));
    }

    [Fact]
    public void Fed_one_byte_at_a_time_a_frame_appears_only_when_whole()
    {
        var frame = Vectors.Read("add_request");
        var pipe = new List<byte>();
        var frames = 0;
        for (var i = 0; i < frame.Length; i++)
        {
            pipe.Add(frame[i]);
            var buffer = new ReadOnlySequence<byte>(pipe.ToArray());
            if (Protocol.TryReadFrame(ref buffer, FrameLimits.Default, out var header, out _))
            {
                frames++;
                Assert.Equal(frame.Length - 1, i);
                Assert.Equal("Add", header.MethodName);
                Assert.True(buffer.IsEmpty);
            }
            else
            {
                Assert.Equal(i + 1, buffer.Length);
            }
        }

        Assert.Equal(1, frames);
    }

    [Fact]
    public void Frames_back_to_back_come_out_one_by_one()
    {
        var buffer = new ReadOnlySequence<byte>([.. Vectors.Read("heartbeat_request"), .. Vectors.Read("add_request")]);

        Assert.True(Protocol.TryReadFrame(ref buffer, FrameLimits.Default, out var first, out _));
        Assert.True(Protocol.TryReadFrame(ref buffer, FrameLimits.Default, out var second, out var body));
        Assert.False(Protocol.TryReadFrame(ref buffer, FrameLimits.Default, out _, out _));

        Assert.Equal(MessageType.Heartbeat, first.MessageType);
        Assert.Equal("Add", second.MethodName);
        Assert.Equal(AddBody, body.ToArray());
    }

    public static TheoryData<string> AllVectors()
    {
        var data = new TheoryData<string>();
        foreach (var name in Vectors.All)
        {
            data.Add(name);
        }

        return data;
    }

    internal static (MessageHeader Header, byte[] Body) Decode(byte[] frame)
    {
        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.True(Protocol.TryReadFrame(ref buffer, FrameLimits.Default, out var header, out var body));
        Assert.True(buffer.IsEmpty);
        return (header, body.ToArray());
    }

    internal static byte[] Encode(MessageHeader header, byte[] body)
    {
        var output = new ArrayBufferWriter<byte>();
        Protocol.WriteFrame(output, header, new ReadOnlySequence<byte>(body));
        return output.WrittenSpan.ToArray();
    }
}
