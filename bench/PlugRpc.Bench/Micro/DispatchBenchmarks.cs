using System.Buffers;
using BenchmarkDotNet.Attributes;
using PlugRpc.Codec.MessagePack;
using PlugRpc.Dispatch;

namespace PlugRpc.Bench.Micro;

/// <summary>The server's dispatch of one Add: find the method, decode, call through the compiled delegate, encode.</summary>
[MemoryDiagnoser]
public class DispatchBenchmarks
{
    private readonly ServiceCatalog catalog = new();
    private readonly MessagePackCodec codec = new();
    private readonly Metadata metadata = new();
    private byte[] body = [];

    [GlobalSetup]
    public void Setup()
    {
        catalog.Add(new BenchService());
        var output = new ArrayBufferWriter<byte>();
        codec.Serialize(output, new AddArgs { A = 1, B = 2 });
        body = output.WrittenSpan.ToArray();
    }

    [Benchmark]
    public async Task<int> Dispatch()
    {
        catalog.TryFind("Bench", "Add", out var method, out _);
        var call = new ServerCall(method!, codec, new ReadOnlySequence<byte>(body), metadata, "bench", default);
        await method!.InvokeAsync(call);
        var written = (int)call.ResponseBody.WrittenCount;
        call.ResponseBody.Dispose();
        return written;
    }
}
