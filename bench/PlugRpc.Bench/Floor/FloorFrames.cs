using System.Buffers;
using System.Buffers.Binary;

namespace PlugRpc.Bench.Floor;

/// <summary>
/// The floor's wire, as small as a multiplexed request/reply can be: <c>length (4) | id (4) | kind (1) | payload</c>,
/// length counting id, kind and payload. Kind 0 is Add (two int64, answered with one), kind 1 is an echo.
/// </summary>
internal static class FloorFrames
{
    public const byte Add = 0;
    public const byte Echo = 1;

    /// <summary>Reads take up to this much: a whole batch of small frames, or a 64 KiB frame, in one system call.</summary>
    public const int ReadBufferSize = 64 * 1024;

    /// <summary>The pipe writes each segment with one system call: large enough for a batch or a 64 KiB frame.</summary>
    public const int WriteSegmentSize = 128 * 1024;
    private const int Prefix = 9;

    public static void Write(IBufferWriter<byte> output, uint id, byte kind, ReadOnlySpan<byte> payload)
    {
        var span = output.GetSpan(Prefix + payload.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, 5 + payload.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], id);
        span[8] = kind;
        payload.CopyTo(span[Prefix..]);
        output.Advance(Prefix + payload.Length);
    }

    public static void Write(IBufferWriter<byte> output, uint id, byte kind, in ReadOnlySequence<byte> payload)
    {
        var span = output.GetSpan(Prefix);
        BinaryPrimitives.WriteInt32BigEndian(span, 5 + (int)payload.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], id);
        span[8] = kind;
        output.Advance(Prefix);
        foreach (var segment in payload)
        {
            output.Write(segment.Span);
        }
    }

    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out uint id, out byte kind, out ReadOnlySequence<byte> payload)
    {
        id = 0;
        kind = 0;
        payload = default;
        if (buffer.Length < Prefix)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[Prefix];
        buffer.Slice(0, Prefix).CopyTo(prefix);
        var length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (buffer.Length < 4 + length)
        {
            return false;
        }

        id = BinaryPrimitives.ReadUInt32BigEndian(prefix[4..]);
        kind = prefix[8];
        payload = buffer.Slice(Prefix, length - 5);
        buffer = buffer.Slice(4 + length);
        return true;
    }
}
