using System.Buffers;
using MessagePack;
using MessagePack.Resolvers;
using PlugRpc.Codecs;
using PlugRpc.Protocol;

namespace PlugRpc.Codec.MessagePack;

/// <summary>
/// msgpack bodies. Plain classes go out as maps keyed by property name, as go-rpc's Go structs do;
/// [MessagePackObject] types keep their own layout.
/// </summary>
public sealed class MessagePackCodec : ICodec, IJsonTranscoder
{
    private readonly MessagePackSerializerOptions options;

    public MessagePackCodec(MessagePackCodecOptions? settings = null)
    {
        settings ??= new MessagePackCodecOptions();
        options = ContractlessStandardResolver.Options
            .WithSecurity(MessagePackSecurity.UntrustedData.WithMaximumObjectGraphDepth(settings.MaxDepth));
    }

    public string Name => "msgpack";

    public byte SerializeType => SerializeTypes.MessagePack;

    public void Serialize<T>(IBufferWriter<byte> output, T value) => MessagePackSerializer.Serialize(output, value, options);

    public T Deserialize<T>(in ReadOnlySequence<byte> body)
    {
        try
        {
            return MessagePackSerializer.Deserialize<T>(body, options);
        }
        catch (MessagePackSerializationException ex)
        {
            throw CannotDecode<T>(ex);
        }
    }

    public ICodec<T> For<T>() => new MessagePackCodecOf<T>(options);

    internal static RpcException CannotDecode<T>(Exception ex) =>
        new(RpcStatusCode.InvalidArgument, $"cannot decode {typeof(T).Name} from msgpack: {Innermost(ex).Message}", ex);

    public void WriteFromJson(string json, IBufferWriter<byte> output)
    {
        try
        {
            // MessagePack's own JSON reader accepts truncated text; System.Text.Json checks it first.
            using (System.Text.Json.JsonDocument.Parse(json))
            {
            }

            var writer = new MessagePackWriter(output);
            MessagePackSerializer.ConvertFromJson(json, ref writer, options);
            writer.Flush();
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or MessagePackSerializationException or FormatException or InvalidOperationException or EndOfStreamException)
        {
            throw new RpcException(RpcStatusCode.InvalidArgument, $"the request is not valid JSON: {Innermost(ex).Message}", ex);
        }
    }

    public string ReadAsJson(in ReadOnlySequence<byte> body)
    {
        try
        {
            return MessagePackSerializer.ConvertToJson(body, options);
        }
        catch (MessagePackSerializationException ex)
        {
            throw new RpcException(RpcStatusCode.InvalidArgument, $"the body is not valid msgpack: {Innermost(ex).Message}", ex);
        }
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
