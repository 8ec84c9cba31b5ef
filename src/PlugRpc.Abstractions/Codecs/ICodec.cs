using System.Buffers;

namespace PlugRpc.Codecs;

/// <summary>Turns request and response objects into body bytes and back.</summary>
public interface ICodec
{
    /// <summary>The name options use to pick this codec, e.g. "msgpack".</summary>
    string Name { get; }

    /// <summary>The number in a frame's SerializeType field, see <see cref="Protocol.SerializeTypes"/>.</summary>
    byte SerializeType { get; }

    void Serialize<T>(IBufferWriter<byte> output, T value);

    /// <remarks><paramref name="body"/> is valid only during the call: the result must not refer into it.</remarks>
    T Deserialize<T>(in ReadOnlySequence<byte> body);

    /// <summary>
    /// This codec for values of <typeparamref name="T"/>, behaving as the generic methods above. The core asks once
    /// per type and keeps the answer; a codec overrides this to find its serializer for the type once instead of
    /// on every call.
    /// </summary>
    ICodec<T> For<T>() => new GenericMethodsCodec<T>(this);
}
