using System.Buffers;

namespace PlugRpc.Buffers;

/// <summary>
/// A copy of some bytes in pooled memory; disposing gives it back. A body up to
/// <see cref="PooledBufferWriter.SegmentSize"/> is one rented array; a larger one is pieced like a
/// <see cref="PooledBufferWriter"/>, for the same reason. Or, from <see cref="Borrowed"/>, bytes that are not
/// copied at all, for a reader done with them before their buffer moves on.
/// </summary>
internal readonly struct RentedBytes : IDisposable
{
    private readonly byte[]? array;
    private readonly int length;
    private readonly PooledBufferWriter? pieces;
    private readonly ReadOnlySequence<byte> borrowed;

    private RentedBytes(byte[]? array, int length, PooledBufferWriter? pieces, ReadOnlySequence<byte> borrowed = default)
    {
        this.array = array;
        this.length = length;
        this.pieces = pieces;
        this.borrowed = borrowed;
    }

    public ReadOnlySequence<byte> Sequence =>
        pieces is not null ? pieces.WrittenSequence : array is not null ? new(array, 0, length) : borrowed;

    /// <summary>The bytes themselves, owned by someone else and valid only as long as they say.</summary>
    public static RentedBytes Borrowed(in ReadOnlySequence<byte> source) => new(null, 0, null, source);

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
