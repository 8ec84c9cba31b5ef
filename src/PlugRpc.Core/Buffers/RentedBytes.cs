using System.Buffers;

namespace PlugRpc.Buffers;

/// <summary>
/// A copy of some bytes in pooled memory; disposing gives it back. A body up to
/// <see cref="PooledBufferWriter.SegmentSize"/> is one rented array; a larger one is pieced like a
/// <see cref="PooledBufferWriter"/>, for the same reason.
/// </summary>
internal readonly struct RentedBytes : IDisposable
{
    private readonly byte[]? array;
    private readonly int length;
    private readonly PooledBufferWriter? pieces;

    private RentedBytes(byte[]? array, int length, PooledBufferWriter? pieces)
    {
        this.array = array;
        this.length = length;
        this.pieces = pieces;
    }

    public ReadOnlySequence<byte> Sequence => pieces?.WrittenSequence ?? new(array!, 0, length);

    public static RentedBytes CopyOf(in ReadOnlySequence<byte> source)
    {
        if (source.Length > PooledBufferWriter.SegmentSize)
        {
            var pieces = new PooledBufferWriter();
            pieces.Write(source);
            return new RentedBytes(null, 0, pieces);
        }

        var length = (int)source.Length;
        var array = length == 0 ? [] : ArrayPool<byte>.Shared.Rent(length);
        source.CopyTo(array);
        return new RentedBytes(array, length, null);
    }

    public void Dispose()
    {
        pieces?.Dispose();
        if (array is { Length: > 0 })
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
