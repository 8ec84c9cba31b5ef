using System.Buffers;
using CsCheck;
using PlugRpc.Codec.Json;
using PlugRpc.Codec.MessagePack;
using PlugRpc.Codec.Protobuf;
using PlugRpc.Codecs;
using PlugRpc.Samples.Arith;
using PlugRpc.Tests.Fuzzing;

namespace PlugRpc.Plugins.Tests;

/// <summary>
/// Each codec's decoder on hostile bodies (its own encodings mutated, and random bytes): it returns a value or
/// throws an <see cref="RpcException"/> with InvalidArgument, and allocates in proportion to the body, whatever
/// counts and lengths the body claims.
/// </summary>
public sealed class CodecPropertyTests
{
    public static TheoryData<string> Names => new() { "msgpack", "json", "protobuf" };

    [Theory]
    [MemberData(nameof(Names))]
    public void Hostile_bodies_decode_or_are_invalid_arguments(string name)
    {
        var codec = Create(name);
        HostileBytes.Any(Seeds(codec)).Sample(
            body =>
            {
                HostileDecoding.Decode(codec, body);
                var allocated = Allocations.Of(() => HostileDecoding.Decode(codec, body));
                Assert.True(allocated <= Budget(body.Length), $"{name}: {allocated} bytes allocated decoding {body.Length}");
            },
            iter: 1000);
    }

    public static TheoryData<string, byte[]> HugeClaims => new()
    {
        { "msgpack", [0x81, 0xa5, .. "Items"u8, 0xdd, 0x7f, 0xff, 0xff, 0xff, 0x01] },
        { "msgpack", [0x81, 0xa4, .. "Tags"u8, 0xdf, 0x7f, 0xff, 0xff, 0xff, 0xa1, (byte)'k', 0x01] },
        { "msgpack", [0x81, 0xa4, .. "Name"u8, 0xdb, 0x7f, 0xff, 0xff, 0xff, (byte)'x'] },
        { "msgpack", [0x81, 0xa4, .. "Blob"u8, 0xc6, 0xff, 0xff, 0xff, 0xff, 0x00] },
        { "msgpack", [0xdd, 0xff, 0xff, 0xff, 0xff, 0x01] },
        { "protobuf", [0x2a, 0xff, 0xff, 0xff, 0xff, 0x07, (byte)'x'] },
        { "protobuf", [0x12, 0xff, 0xff, 0xff, 0xff, 0x07, 0x00] },
        { "protobuf", [0x1a, 0xff, 0xff, 0xff, 0xff, 0x07, 0x01] },
        { "protobuf", [.. Enumerable.Repeat<byte>(0x0b, 5000)] },
        { "protobuf", [.. Enumerable.Range(0, 2500).SelectMany(_ => new byte[] { 0x0a, 0x7f })] },
        { "json", [.. Enumerable.Repeat((byte)'[', 5000)] },
        { "json", [.. "{\"Child\":"u8, .. Enumerable.Range(0, 2000).SelectMany(_ => "{\"Child\":"u8.ToArray())] },
    };

    [Theory]
    [MemberData(nameof(HugeClaims))]
    public void A_body_claiming_a_huge_count_or_length_is_refused_without_allocating_it(string name, byte[] body)
    {
        var codec = Create(name);

        HostileDecoding.Decode(codec, body);
        var allocated = Allocations.Of(() => HostileDecoding.Decode(codec, body));

        Assert.True(allocated <= Budget(body.Length), $"{name}: {allocated} bytes allocated decoding {body.Length}");
    }

    /// <summary>A fixed sum for the exception and the decoder's state, and room for the objects a body of this size can make.</summary>
    private static long Budget(int length) => (64 * 1024) + (128L * length);

    private static byte[][] Seeds(ICodec codec) =>
    [
        Encode(codec, new ArithRequest { A = 1, B = 2 }),
        Encode(codec, new ArithRequest { A = long.MinValue, B = -1 }),
        Encode(codec, SampleBody.Full),
        Encode(codec, new SampleBody { Child = SampleBody.Full, Children = [SampleBody.Full] }),
        Encode(codec, new SampleBody()),
    ];

    private static byte[] Encode<T>(ICodec codec, T value)
    {
        var output = new ArrayBufferWriter<byte>();
        codec.Serialize(output, value);
        return output.WrittenSpan.ToArray();
    }

    private static ICodec Create(string name) => name switch
    {
        "msgpack" => new MessagePackCodec(),
        "json" => new JsonCodec(),
        _ => new ProtobufCodec(),
    };
}
