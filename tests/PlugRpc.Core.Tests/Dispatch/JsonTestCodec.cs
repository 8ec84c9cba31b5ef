using System.Buffers;
using System.Text.Json;
using PlugRpc.Codecs;

namespace PlugRpc.Core.Tests.Dispatch;

/// <summary>A System.Text.Json codec, enough to drive the dispatcher in unit tests.</summary>
internal sealed class JsonTestCodec : ICodec
{
    public string Name => "test-json";

    public byte SerializeType => 0;

    public void Serialize<T>(IBufferWriter<byte> output, T value)
    {
        using var writer = new Utf8JsonWriter(output);
        JsonSerializer.Serialize(writer, value);
    }

    public T Deserialize<T>(in ReadOnlySequence<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        return JsonSerializer.Deserialize<T>(ref reader)!;
    }
}
