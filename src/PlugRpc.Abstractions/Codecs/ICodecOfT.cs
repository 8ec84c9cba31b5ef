using System.Buffers;

namespace PlugRpc.Codecs;

/// <summary>
/// A codec bound to one type (see <see cref="ICodec.For{T}"/>): the call path asks for it once per type and keeps
/// it, so encoding and decoding a call's messages costs no generic dispatch on the codec.
/// </summary>
public interface ICodec<T>
{
    void Serialize(IBufferWriter<byte> output, T value);

    /// <remarks><paramref name="body"/> is valid only during the call: the result must not refer into it.</remarks>
    T Deserialize(in ReadOnlySequence<byte> body);
}
