using System.Buffers;

namespace PlugRpc.Codecs;

/// <summary>Compresses frame bodies.</summary>
public interface ICompressor
{
    string Name { get; }

    /// <summary>The number in a frame's CompressType field, see <see cref="Protocol.CompressTypes"/>.</summary>
    byte CompressType { get; }

    void Compress(in ReadOnlySequence<byte> input, IBufferWriter<byte> output);

    /// <summary>Throws <see cref="Protocol.ProtocolException"/> when the output would exceed <paramref name="maxLength"/>.</summary>
    void Decompress(in ReadOnlySequence<byte> input, IBufferWriter<byte> output, int maxLength);
}
