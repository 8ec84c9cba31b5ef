using System.Buffers;
using MessagePack;
using MessagePack.Formatters;
using PlugRpc.Codecs;

namespace PlugRpc.Codec.MessagePack;

/// <summary>
/// <see cref="MessagePackCodec"/> for one type: the type's formatter is found once, where the serializer's
/// generic methods look it up again on every call.
/// </summary>
internal sealed class MessagePackCodecOf<T>(MessagePackSerializerOptions options) : ICodec<T>
{
    private readonly IMessagePackFormatter<T> formatter = options.Resolver.GetFormatterWithVerify<T>();

    public void Serialize(IBufferWriter<byte> output, T value)
    {
        var writer = new MessagePackWriter(output);
        formatter.Serialize(ref writer, value, options);
        writer.Flush();
    }

    public T Deserialize(in ReadOnlySequence<byte> body)
    {
        try
        {
            var reader = new MessagePackReader(body);
            return formatter.Deserialize(ref reader, options);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            // As the serializer's own entry point does, whatever a formatter throws on bad input is a decoding error.
            throw MessagePackCodec.CannotDecode<T>(ex);
        }
    }
}
