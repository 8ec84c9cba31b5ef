using System.Buffers;

namespace PlugRpc.Codecs;

/// <summary><see cref="ICodec.For{T}"/>'s default: the codec's own generic methods, for a codec that offers nothing faster.</summary>
internal sealed class GenericMethodsCodec<T>(ICodec codec) : ICodec<T>
{
    public void Serialize(IBufferWriter<byte> output, T value) => codec.Serialize(output, value);

    public T Deserialize(in ReadOnlySequence<byte> body) => codec.Deserialize<T>(body);
}
