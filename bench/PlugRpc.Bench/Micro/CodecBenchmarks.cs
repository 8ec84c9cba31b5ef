using System.Buffers;
using BenchmarkDotNet.Attributes;
using PlugRpc.Codec.Json;
using PlugRpc.Codec.MessagePack;
using PlugRpc.Codec.Protobuf;
using PlugRpc.Codecs;

namespace PlugRpc.Bench.Micro;

/// <summary>Each codec writing and reading Add's request.</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> output = new(1024);
    private readonly AddArgs request = new() { A = 1, B = 2 };
    private ICodec codec = null!;
    private byte[] encoded = [];

    [Params("msgpack", "json", "protobuf")]
    public string Codec { get; set; } = "msgpack";

    [GlobalSetup]
    public void Setup()
    {
        codec = Codec switch
        {
            "json" => new JsonCodec(),
            "protobuf" => new ProtobufCodec(),
            _ => new MessagePackCodec(),
        };
        codec.Serialize(output, request);
        encoded = output.WrittenSpan.ToArray();
    }

    [Benchmark]
    public int Serialize()
    {
        output.ResetWrittenCount();
        codec.Serialize(output, request);
        return output.WrittenCount;
    }

    [Benchmark]
    public long Deserialize() => codec.Deserialize<AddArgs>(new ReadOnlySequence<byte>(encoded)).A;
}
