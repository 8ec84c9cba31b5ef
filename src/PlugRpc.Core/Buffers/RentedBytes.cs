using System.Buffers;

namespace PlugRpc.Buffers;

/// <summary>A copy of some bytes in an array rented from the shared pool; disposing gives the array back.</summary>
internal readonly struct RentedBytes : IDisposable
{
    private readonly byte[] array;
    private readonly int length;

    private RentedBytes(byte[] array, int length)
    {
        this.array = array;
        this.length = length;
    }

    public ReadOnlySequence<byte> Sequence => new(array, 0, length);

    public static RentedBytes CopyOf(in ReadOnlySequence<byte> source)
    {
        var length = checked((int)source.Length);
        var array = length == 0 ? [] : ArrayPool<byte>.Shared.Rent(length);
        source.CopyTo(array);
        return new RentedBytes(array, length);
    }

    public void Dispose()
    {
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
