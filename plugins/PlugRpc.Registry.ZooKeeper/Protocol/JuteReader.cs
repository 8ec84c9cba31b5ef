using System.Buffers.Binary;
using System.Text;

namespace PlugRpc.Registry.ZooKeeper.Protocol;

/// <summary>Reads jute's binary form from one received frame (without its length prefix).</summary>
internal ref struct JuteReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> data = data;
    private int position;

    public readonly int Remaining => data.Length - position;

    public int ReadInt() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadLong() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public bool ReadBool() => Take(1)[0] != 0;

    /// <summary>A buffer; a null one (length -1) reads as empty.</summary>
    public byte[] ReadBuffer()
    {
        var length = ReadInt();
        return length <= 0 ? [] : Take(length).ToArray();
    }

    public string? ReadString()
    {
        var length = ReadInt();
        return length < 0 ? null : Encoding.UTF8.GetString(Take(length));
    }

    public IReadOnlyList<string> ReadStrings()
    {
        var count = ReadInt();
        if (count <= 0)
        {
            return [];
        }

        var strings = new List<string>(Math.Min(count, Remaining / 4));
        for (var i = 0; i < count; i++)
        {
            strings.Add(ReadString() ?? string.Empty);
        }

        return strings;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw new InvalidDataException($"a ZooKeeper reply ends early: {count} bytes wanted at offset {position}, {Remaining} left");
        }

        var span = data.Slice(position, count);
        position += count;
        return span;
    }
}
