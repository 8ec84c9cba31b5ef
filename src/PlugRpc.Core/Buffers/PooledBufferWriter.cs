using System.Buffers;

namespace PlugRpc.Buffers;

/// <summary>An <see cref="IBufferWriter{T}"/> over one growing array rented from the shared pool.</summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int MinimumSize = 256;
    private byte[] buffer;
    private int written;

    public PooledBufferWriter(int initialSize = MinimumSize)
    {
        buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialSize, MinimumSize));
    }

    public int WrittenCount => written;

    public ReadOnlyMemory<byte> WrittenMemory => buffer.AsMemory(0, written);

    public ReadOnlySequence<byte> WrittenSequence => new(buffer, 0, written);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (written + count > buffer.Length)
        {
            throw new InvalidOperationException("advanced past the end of the buffer");
        }

        written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return buffer.AsMemory(written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return buffer.AsSpan(written);
    }

    public void Write(in ReadOnlySequence<byte> source)
    {
        Ensure(checked((int)source.Length));
        source.CopyTo(buffer.AsSpan(written));
        written += (int)source.Length;
    }

    public void Reset() => written = 0;

    public void Dispose()
    {
        var rented = buffer;
        buffer = [];
        written = 0;
        if (rented.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Ensure(int sizeHint)
    {
        var needed = written + Math.Max(sizeHint, 1);
        if (needed <= buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, buffer.Length * 2));
        buffer.AsSpan(0, written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }
}
