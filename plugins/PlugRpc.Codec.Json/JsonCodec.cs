using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PlugRpc.Codecs;
using PlugRpc.Protocol;

namespace PlugRpc.Codec.Json;

/// <summary>
/// JSON bodies with System.Text.Json, SerializeType 0 as in go-rpc: property names as declared (Go's field
/// names), read case-insensitively as Go's decoder does. Source-generated contexts are used first when given.
/// </summary>
public sealed class JsonCodec : ICodec, IJsonTranscoder
{
    private readonly JsonSerializerOptions options;

    public JsonCodec(IEnumerable<IJsonTypeInfoResolver>? contexts = null, int maxDepth = 64)
    {
        options = new JsonSerializerOptions
        {
            PropertyNameCaseInsensitive = true,
            MaxDepth = maxDepth,
            TypeInfoResolver = JsonTypeInfoResolver.Combine([.. contexts ?? [], new DefaultJsonTypeInfoResolver()]),
        };
    }

    public string Name => "json";

    public byte SerializeType => SerializeTypes.Json;

    public void Serialize<T>(IBufferWriter<byte> output, T value)
    {
        using var writer = new Utf8JsonWriter(output);
        JsonSerializer.Serialize(writer, value, options);
    }

    public T Deserialize<T>(in ReadOnlySequence<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = options.MaxDepth });
            return JsonSerializer.Deserialize<T>(ref reader, options)!;
        }
        catch (JsonException ex)
        {
            throw new RpcException(RpcStatusCode.InvalidArgument, $"cannot decode {typeof(T).Name} from json: {ex.Message}", ex);
        }
    }

    public void WriteFromJson(string json, IBufferWriter<byte> output)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            using var writer = new Utf8JsonWriter(output);
            document.WriteTo(writer);
        }
        catch (JsonException ex)
        {
            throw new RpcException(RpcStatusCode.InvalidArgument, $"the request is not valid JSON: {ex.Message}", ex);
        }
    }

    public string ReadAsJson(in ReadOnlySequence<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.GetRawText();
        }
        catch (JsonException ex)
        {
            throw new RpcException(RpcStatusCode.InvalidArgument, $"the body is not valid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is System.Text.DecoderFallbackException)
        {
            // JsonDocument checks UTF-8 only when text is taken out of it.
            throw new RpcException(RpcStatusCode.InvalidArgument, "the body is not valid JSON: it has text that is not valid UTF-8", ex);
        }
    }
}
