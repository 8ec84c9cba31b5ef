using System.Buffers;
using BenchmarkDotNet.Attributes;
using PlugRpc.Protocol;

namespace PlugRpc.Bench.Micro;

/// <summary>
/// go-rpc header and frame: encode and decode, as both ends do for every call. <see cref="ReadFrame"/> decodes a
/// header with metadata in full; <see cref="ReadFrameLikeTheLast"/> reads one without metadata that differs from
/// the previous only in Seq, as calls on one connection mostly do.
/// </summary>
[MemoryDiagnoser]
public class HeaderBenchmarks
{
    private readonly GoRpcFrameProtocol protocol = new();
    private readonly ArrayBufferWriter<byte> output = new(1024);
    private readonly byte[] body = [0x82, 0xa1, 0x41, 0x01, 0xa1, 0x42, 0x02];
    private MessageHeader header = null!;
    private byte[] frame = [];
    private byte[] plainFrame = [];

    [GlobalSetup]
    public void Setup()
    {
        header = new MessageHeader
        {
            Seq = 42,
            SerializeType = SerializeTypes.MessagePack,
            ServiceName = "ArithService",
            MethodName = "Add",
            Metadata = new Metadata { [MetadataKeys.Auth] = "hello01" },
        };
        protocol.WriteFrame(output, header, new ReadOnlySequence<byte>(body));
        frame = output.WrittenSpan.ToArray();
        output.ResetWrittenCount();
        protocol.WriteFrame(output, new MessageHeader { Seq = 43, SerializeType = SerializeTypes.MessagePack, ServiceName = "ArithService", MethodName = "Add" }, new ReadOnlySequence<byte>(body));
        plainFrame = output.WrittenSpan.ToArray();
    }

    [Benchmark]
    public int WriteFrame()
    {
        output.ResetWrittenCount();
        protocol.WriteFrame(output, header, new ReadOnlySequence<byte>(body));
        return output.WrittenCount;
    }

    [Benchmark]
    public ulong ReadFrame()
    {
        var buffer = new ReadOnlySequence<byte>(frame);
        protocol.TryReadFrame(ref buffer, FrameLimits.Default, out var read, out _);
        return read.Seq;
    }

    [Benchmark]
    public ulong ReadFrameLikeTheLast()
    {
        var buffer = new ReadOnlySequence<byte>(plainFrame);
        protocol.TryReadFrame(ref buffer, FrameLimits.Default, out var read, out _);
        return read.Seq;
    }
}
