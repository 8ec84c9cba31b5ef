using System.Buffers;

namespace PlugRpc.Buffers;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over arrays rented from the shared pool. A small body stays in its first
/// array, which grows (by moving the little written so far) while it holds at most <see cref="MaxMovedPrefix"/>
/// bytes; beyond that a body goes on in further arrays of at least <see cref="SegmentSize"/> instead of growing
/// by copying, so a body written piece by piece never needs an array much larger than itself (a 64 KiB body grown
/// by doubling would rent 128 KiB, and with many in flight the pool runs dry and every call allocates one on the
/// large object heap). A serializer that asks for one large span gets it in one array.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    public const int SegmentSize = 16 * 1024;
    private const int FirstSize = 256;

    /// <summary>The largest first array a reset keeps.</summary>
    private const int MaxKeptFirstSize = 4096;

    /// <summary>Up to this much written in the first array moves to a larger one instead of starting a segment.</summary>
    private const int MaxMovedPrefix = 1024;
    private byte[] current = ArrayPool<byte>.Shared.Rent(FirstSize);
    private int written;

    /// <summary>The arrays filled before <see cref="current"/>; made only for bodies that outgrow the first one.</summary>
    private FilledArrays? filled;

    public long WrittenCount => (filled?.Bytes ?? 0) + written;

    public ReadOnlySequence<byte> WrittenSequence =>
        filled is null ? new ReadOnlySequence<byte>(current, 0, written) : filled.SequenceEndingWith(current, written);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (written + count > current.Length)
        {
            throw new InvalidOperationException("advanced past the end of the buffer");
        }

        written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return current.AsMemory(written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return current.AsSpan(written);
    }

    public void Write(in ReadOnlySequence<byte> source)
    {
        foreach (var piece in source)
        {
            var rest = piece.Span;
            while (!rest.IsEmpty)
            {
                var span = GetSpan();
                var count = Math.Min(span.Length, rest.Length);
                rest[..count].CopyTo(span);
                Advance(count);
                rest = rest[count..];
            }
        }
    }

    /// <summary>
    /// Empties the writer for another body, keeping its first array if that was all it used and it is no larger
    /// than <see cref="MaxKeptFirstSize"/>: a serializer that asks for a little more room than the first size at
    /// once (protobuf-net does) keeps what it got, while a large array goes back to the pool instead of staying
    /// with a pooled frame.
    /// </summary>
    public void Reset()
    {
        if (filled is not null || current.Length == 0 || current.Length > MaxKeptFirstSize)
        {
            Dispose();
            current = ArrayPool<byte>.Shared.Rent(FirstSize);
        }

        written = 0;
    }

    public void Dispose()
    {
        filled?.ReturnAll();
        filled = null;
        var rented = current;
        current = [];
        written = 0;
        if (rented.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Makes room for <paramref name="sizeHint"/> bytes (at least one) in the current array or a new one.</summary>
    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (current.Length - written >= needed)
        {
            return;
        }

        if (filled is null && written <= MaxMovedPrefix)
        {
            // Still in the first array with little in it (a codec's map header and field name before a bytes
            // field, say): that little moves to an array large enough for what was asked, so the body stays one
            // array, one piece to send, with no segment objects; at least four times larger, so that small writes
            // move at most a few hundred bytes before segments take over.
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(written + needed, current.Length * 4));
            current.AsSpan(0, written).CopyTo(larger);
            if (current.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(current);
            }

            current = larger;
            return;
        }

        var next = ArrayPool<byte>.Shared.Rent(Math.Max(needed, SegmentSize));
        (filled ??= new FilledArrays()).Add(current, written);
        current = next;
        written = 0;
    }

    private sealed class FilledArrays
    {
        private Segment? first;
        private Segment? last;
        private Segment? tail;

        public long Bytes { get; private set; }

        public void Add(byte[] array, int length)
        {
            var segment = new Segment(array, array.AsMemory(0, length), last);
            first ??= segment;
            last = segment;
            Bytes += length;
        }

        /// <summary>The filled arrays followed by the first <paramref name="length"/> bytes of <paramref name="current"/>.</summary>
        public ReadOnlySequence<byte> SequenceEndingWith(byte[] current, int length)
        {
            if (tail is null || last!.Next != tail || tail.Memory.Length != length)
            {
                tail = new Segment(null, current.AsMemory(0, length), last);
            }

            return new ReadOnlySequence<byte>(first!, 0, tail, length);
        }

        public void ReturnAll()
        {
            for (var segment = first; segment is not null; segment = (Segment?)segment.Next)
            {
                if (segment.Array is { } array)
                {
                    ArrayPool<byte>.Shared.Return(array);
                }
            }

            first = last = tail = null;
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        /// <param name="array">The rented array behind the segment; null for the unfinished last piece, owned elsewhere.</param>
        public Segment(byte[]? array, ReadOnlyMemory<byte> memory, Segment? previous)
        {
            Array = array;
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }

        public byte[]? Array { get; }
    }
}
