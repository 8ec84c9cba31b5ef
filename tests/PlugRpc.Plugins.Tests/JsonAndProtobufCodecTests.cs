using System.Buffers;
using PlugRpc.Codec.Json;
using PlugRpc.Codec.Protobuf;
using PlugRpc.Samples.Arith;
using PlugRpc.Tests.Fuzzing;
using ProtoBuf;

namespace PlugRpc.Plugins.Tests;

public sealed class JsonAndProtobufCodecTests
{
    [Fact]
    public void Json_writes_go_field_names_and_reads_them_case_insensitively()
    {
        var codec = new JsonCodec();
        var output = new ArrayBufferWriter<byte>();

        codec.Serialize(output, new ArithRequest { A = 1, B = 2 });
        var back = codec.Deserialize<ArithRequest>(new ReadOnlySequence<byte>("""{"a":5,"B":6}"""u8.ToArray()));

        Assert.Equal("""{"A":1,"B":2}""", System.Text.Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Equal((5L, 6L), (back.A, back.B));
    }

    [Fact]
    public void Json_uses_a_source_generated_context_when_given()
    {
        var codec = new JsonCodec([ArithJsonContext.Default]);
        var output = new ArrayBufferWriter<byte>();

        codec.Serialize(output, new ArithResponse { Reply = 3 });

        Assert.Equal("""{"Reply":3}""", System.Text.Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Bad_json_is_an_invalid_argument_naming_the_type()
    {
        var error = Assert.Throws<RpcException>(() => new JsonCodec().Deserialize<ArithRequest>(new ReadOnlySequence<byte>("{\"A\":"u8.ToArray())));

        Assert.Equal(RpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("cannot decode ArithRequest from json", error.Message);
    }

    [Fact]
    public void A_json_body_with_text_that_is_not_utf8_is_an_invalid_argument_when_shown_as_json()
    {
        byte[] body = [.. "{\"A\":\"x"u8, 0xdd, .. "\"}"u8];

        var error = Assert.Throws<RpcException>(() => new JsonCodec().ReadAsJson(new ReadOnlySequence<byte>(body)));

        Assert.Equal(RpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("the body is not valid JSON: it has text that is not valid UTF-8", error.Message);
    }

    [Fact]
    public void A_protobuf_map_that_repeats_a_key_is_an_invalid_argument()
    {
        // SampleBody's Tags is field 9 (ninth by name): two entries of key "k".
        byte[] body = [0x4a, 0x05, 0x0a, 0x01, 0x6b, 0x10, 0x01, 0x4a, 0x05, 0x0a, 0x01, 0x6b, 0x10, 0x02];

        var error = Assert.Throws<RpcException>(() => new ProtobufCodec().Deserialize<SampleBody>(new ReadOnlySequence<byte>(body)));

        Assert.Equal(RpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("cannot decode SampleBody from protobuf: An item with the same key has already been added", error.Message);
    }

    [Fact]
    public void Protobuf_carries_plain_classes_with_fields_numbered_by_name()
    {
        var codec = new ProtobufCodec();
        var output = new ArrayBufferWriter<byte>();

        codec.Serialize(output, new ArithRequest { A = 1, B = 300 });
        var back = codec.Deserialize<ArithRequest>(new ReadOnlySequence<byte>(output.WrittenMemory));

        // field 1 (A) varint 1, field 2 (B) varint 300
        Assert.Equal([0x08, 0x01, 0x10, 0xac, 0x02], output.WrittenSpan.ToArray());
        Assert.Equal((1L, 300L), (back.A, back.B));
    }

    [Fact]
    public void Protobuf_keeps_contract_types_as_declared_and_nested_plain_types_work()
    {
        var codec = new ProtobufCodec();
        var output = new ArrayBufferWriter<byte>();

        codec.Serialize(output, new Contracted { Name = "x" });
        var nested = new Outer { Inner = new ArithResponse { Reply = 4 }, Items = [new ArithResponse { Reply = 5 }] };
        var nestedOutput = new ArrayBufferWriter<byte>();
        codec.Serialize(nestedOutput, nested);
        var back = codec.Deserialize<Outer>(new ReadOnlySequence<byte>(nestedOutput.WrittenMemory));

        Assert.Equal([0x3a, 0x01, (byte)'x'], output.WrittenSpan.ToArray());
        Assert.Equal(4, back.Inner!.Reply);
        Assert.Equal(5, Assert.Single(back.Items).Reply);
    }

    [Fact]
    public void Bad_protobuf_is_an_invalid_argument_naming_the_type()
    {
        var error = Assert.Throws<RpcException>(() => new ProtobufCodec().Deserialize<ArithRequest>(new ReadOnlySequence<byte>([0x0f, 0xff, 0xff])));

        Assert.Equal(RpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("cannot decode ArithRequest from protobuf", error.Message);
    }

    [ProtoContract]
    public sealed class Contracted
    {
        [ProtoMember(7)]
        public string Name { get; set; } = string.Empty;
    }

    public sealed class Outer
    {
        public ArithResponse? Inner { get; set; }

        public List<ArithResponse> Items { get; set; } = [];
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(ArithResponse))]
internal sealed partial class ArithJsonContext : System.Text.Json.Serialization.JsonSerializerContext
{
}
