using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace PlugRpc.Registry.ZooKeeper.Protocol;

/// <summary>
/// Writes one ZooKeeper frame in jute's binary form (big-endian ints and longs, length-prefixed UTF-8 strings and
/// buffers, -1 for null), behind the frame's own 4-byte length.
/// </summary>
internal sealed class JuteWriter
{
    private readonly ArrayBufferWriter<byte> buffer = new(64);

    public JuteWriter()
    {
        WriteInt(0); // the frame length, filled in by ToFrame
    }

    public JuteWriter WriteInt(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
        return this;
    }

    public JuteWriter WriteLong(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
        return this;
    }

    public JuteWriter WriteBool(bool value)
    {
        buffer.GetSpan(1)[0] = value ? (byte)1 : (byte)0;
        buffer.Advance(1);
        return this;
    }

    public JuteWriter WriteBuffer(ReadOnlySpan<byte> value)
    {
        WriteInt(value.Length);
        buffer.Write(value);
        return this;
    }

    public JuteWriter WriteString(string? value)
    {
        if (value is null)
        {
            return WriteInt(-1);
        }

        var length = Encoding.UTF8.GetByteCount(value);
        WriteInt(length);
        Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(length);
        return this;
    }

    /// <summary>The frame: its length, then what was written.</summary>
    public byte[] ToFrame()
    {
        var frame = buffer.WrittenSpan.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length - 4);
        return frame;
    }
}
