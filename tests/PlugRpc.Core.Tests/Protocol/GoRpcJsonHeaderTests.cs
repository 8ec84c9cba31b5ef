using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using PlugRpc.Protocol;

namespace PlugRpc.Core.Tests.Protocol;

/// <summary>go-rpc's JSON mode: the header is Go's encoding/json of its Header struct.</summary>
public sealed class GoRpcJsonHeaderTests
{
    private static readonly GoRpcFrameProtocol Protocol = new();

    [Fact]
    public void A_json_header_is_written_as_go_writes_it()
    {
        var header = new MessageHeader
        {
            HeaderFormat = HeaderFormat.Json,
            Seq = 1,
            ServiceName = "ArithService",
            MethodName = "Add",
            Metadata = new Metadata { [MetadataKeys.Auth] = "hello01" },
        };

        var frame = GoRpcFrameProtocolVectorTests.Encode(header, "{}"u8.ToArray());

        Assert.Equal(
            """{"Seq":1,"MessageType":0,"CompressType":0,"SerializeType":0,"StatusCode":0,"ServiceName":"ArithService","MethodName":"Add","Error":"","MetaData":{"rpc_auth":"hello01"}}""",
            Encoding.UTF8.GetString(frame, 11, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(7))));
    }

    [Fact]
    public void A_json_header_reads_back_with_its_format_and_nil_metadata()
    {
        var (header, body) = GoRpcFrameProtocolVectorTests.Decode(Frame(
            """{"seq":9,"messagetype":1,"CompressType":0,"SerializeType":0,"StatusCode":1,"ServiceName":"A","MethodName":"B","Error":"boom","MetaData":null,"Extra":[1,{"x":2}]}"""));

        Assert.Equal(HeaderFormat.Json, header.HeaderFormat);
        Assert.Equal((9UL, MessageType.Response, WireStatus.Error, "boom"), (header.Seq, header.MessageType, header.StatusCode, header.Error));
        Assert.Null(header.Metadata);
        Assert.Equal("{}"u8.ToArray(), body);
    }

    [Fact]
    public void Scalar_metadata_values_become_text()
    {
        var (header, _) = GoRpcFrameProtocolVectorTests.Decode(Frame("""{"MetaData":{"n":12,"b":true,"s":"x","z":null}}"""));

        Assert.Equal(["n=12", "b=true", "s=x"], header.Metadata!.Select(p => $"{p.Key}={p.Value}"));
    }

    [Theory]
    [InlineData("""{"Seq":"one"}""", "JSON header field Seq: expected an integer")]
    [InlineData("""{"MessageType":7}""", "JSON header field MessageType: expected an integer in 0..2")]
    [InlineData("""{"ServiceName":5}""", "JSON header field ServiceName: expected a string")]
    [InlineData("""{"MetaData":[1]}""", "JSON header field MetaData: expected an object")]
    [InlineData("""{"MetaData":{"k":[1]}}""", "only strings, numbers and booleans are supported")]
    [InlineData("""{"Seq":1} x""", "JSON frame header")]
    [InlineData("""{"Seq":1""", "JSON frame header is not valid JSON")]
    public void Malformed_json_headers_are_protocol_errors_that_say_why(string json, string expected)
    {
        var error = Assert.Throws<ProtocolException>(() => GoRpcFrameProtocolVectorTests.Decode(Frame(json)));

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("ServiceName\":\"A\xfe\"}")]
    [InlineData("Ser\xfeviceName\":1}")]
    [InlineData("MetaData\":{\"k\":\"\xde\"}}")]
    public void A_json_header_string_that_is_not_utf8_is_a_protocol_error(string rest)
    {
        byte[] header = [.. "{\""u8, .. rest.Select(c => (byte)c)];

        var error = Assert.Throws<ProtocolException>(() => GoRpcFrameProtocolVectorTests.Decode(Frame(header)));

        Assert.Equal("JSON frame header has a string that is not valid UTF-8", error.Message);
    }

    [Fact]
    public void Json_metadata_is_held_to_the_entry_limit()
    {
        var buffer = new ReadOnlySequence<byte>(Frame("""{"MetaData":{"a":"1","b":"2","c":"3"}}"""));

        var error = Assert.Throws<ProtocolException>(() => Protocol.TryReadFrame(ref buffer, new FrameLimits { MaxMetadataEntries = 2 }, out _, out _));

        Assert.Equal("header field MetaData has more than the maximum of 2 entries", error.Message);
    }

    private static byte[] Frame(string jsonHeader) => Frame(Encoding.UTF8.GetBytes(jsonHeader));

    private static byte[] Frame(byte[] header)
    {
        var body = "{}"u8.ToArray();
        var frame = new byte[11 + header.Length + body.Length];
        frame[0] = 0xab;
        frame[1] = 0xba;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(3), 4 + header.Length + body.Length);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(7), header.Length);
        header.CopyTo(frame, 11);
        body.CopyTo(frame, 11 + header.Length);
        return frame;
    }
}
