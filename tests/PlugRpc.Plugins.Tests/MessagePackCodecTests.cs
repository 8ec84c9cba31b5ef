using System.Buffers;
using PlugRpc.Codec.MessagePack;
using PlugRpc.Codecs;
using PlugRpc.Samples.Arith;

namespace PlugRpc.Plugins.Tests;

public sealed class MessagePackCodecTests
{
    private readonly MessagePackCodec codec = new();

    [Fact]
    public void Decodes_the_body_go_rpc_sends()
    {
        byte[] goBody = [0x82, 0xa1, 0x41, 0xd3, 0, 0, 0, 0, 0, 0, 0, 1, 0xa1, 0x42, 0xd3, 0, 0, 0, 0, 0, 0, 0, 2];

        var request = codec.Deserialize<ArithRequest>(new ReadOnlySequence<byte>(goBody));

        Assert.Equal((1L, 2L), (request.A, request.B));
    }

    [Theory]
    [InlineData(new byte[] { 0x07 })]
    [InlineData(new byte[] { 0xcc, 0x07 })]
    [InlineData(new byte[] { 0xd1, 0x00, 0x07 })]
    [InlineData(new byte[] { 0xcf, 0, 0, 0, 0, 0, 0, 0, 0x07 })]
    public void Accepts_any_integer_width(byte[] seven)
    {
        byte[] body = [0x81, 0xa5, .. "Reply"u8.ToArray(), .. seven];

        Assert.Equal(7, codec.Deserialize<ArithResponse>(new ReadOnlySequence<byte>(body)).Reply);
    }

    [Fact]
    public void Encodes_a_map_keyed_by_property_name_and_round_trips()
    {
        var output = new ArrayBufferWriter<byte>();

        codec.Serialize(output, new ArithRequest { A = -3, B = 1L << 40 });
        var back = codec.Deserialize<ArithRequest>(new ReadOnlySequence<byte>(output.WrittenMemory));

        Assert.Equal(0x82, output.WrittenSpan[0]);
        Assert.Equal((-3L, 1L << 40), (back.A, back.B));
    }

    [Fact]
    public void Garbage_is_an_invalid_argument_naming_the_type()
    {
        var error = Assert.Throws<RpcException>(() => codec.Deserialize<ArithRequest>(new ReadOnlySequence<byte>([0xc1])));

        Assert.Equal(RpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("cannot decode ArithRequest from msgpack", error.Message);
    }

    [Fact]
    public void The_codec_for_one_type_writes_the_same_bytes_and_reads_what_go_sends()
    {
        byte[] goBody = [0x82, 0xa1, 0x41, 0xd3, 0, 0, 0, 0, 0, 0, 0, 1, 0xa1, 0x42, 0xd3, 0, 0, 0, 0, 0, 0, 0, 2];
        var typed = ((ICodec)codec).For<ArithRequest>();
        var viaGeneric = new ArrayBufferWriter<byte>();
        var viaTyped = new ArrayBufferWriter<byte>();
        var value = new ArithRequest { A = -3, B = 1L << 40 };

        codec.Serialize(viaGeneric, value);
        typed.Serialize(viaTyped, value);
        var fromGo = typed.Deserialize(new ReadOnlySequence<byte>(goBody));

        Assert.Equal(viaGeneric.WrittenSpan.ToArray(), viaTyped.WrittenSpan.ToArray());
        Assert.Equal((1L, 2L), (fromGo.A, fromGo.B));
        Assert.Equal("MessagePackCodecOf`1", typed.GetType().Name);
    }

    [Theory]
    [InlineData(new byte[] { 0xc1 })]
    [InlineData(new byte[] { 0x82, 0xa1, 0x41, 0xd3, 0, 0 })]
    [InlineData(new byte[] { 0xa3, 0x61, 0x62, 0x63 })]
    public void The_codec_for_one_type_reports_bad_bodies_as_invalid_arguments_naming_the_type(byte[] body)
    {
        var typed = ((ICodec)codec).For<ArithRequest>();

        var error = Assert.Throws<RpcException>(() => typed.Deserialize(new ReadOnlySequence<byte>(body)));

        Assert.Equal(RpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("cannot decode ArithRequest from msgpack", error.Message);
    }

    [Fact]
    public void The_codec_for_one_type_keeps_the_depth_limit()
    {
        var shallow = (ICodec)new MessagePackCodec(new MessagePackCodecOptions { MaxDepth = 3 });
        var nested = Enumerable.Repeat((byte)0x91, 10).Append((byte)0x01).ToArray();

        var error = Assert.Throws<RpcException>(() => shallow.For<object>().Deserialize(new ReadOnlySequence<byte>(nested)));

        Assert.Equal(RpcStatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public void Json_transcodes_both_ways()
    {
        var output = new ArrayBufferWriter<byte>();

        codec.WriteFromJson("""{"A":1,"B":2}""", output);
        var request = codec.Deserialize<ArithRequest>(new ReadOnlySequence<byte>(output.WrittenMemory));
        var reply = new ArrayBufferWriter<byte>();
        codec.Serialize(reply, new ArithResponse { Reply = 3 });

        Assert.Equal((1L, 2L), (request.A, request.B));
        Assert.Equal("""{"Reply":3}""", codec.ReadAsJson(new ReadOnlySequence<byte>(reply.WrittenMemory)));
    }

    [Theory]
    [InlineData("{\"A\":")]
    [InlineData("not json")]
    public void Bad_json_is_an_invalid_argument(string json)
    {
        var error = Assert.Throws<RpcException>(() => codec.WriteFromJson(json, new ArrayBufferWriter<byte>()));

        Assert.Equal(RpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("the request is not valid JSON", error.Message);
    }
}
