using System.Buffers.Binary;

namespace PlugRpc.Protocol;

/// <summary>
/// The last msgpack header this thread decoded, kept as the bytes after its Seq and the fields they gave. Calls
/// on a connection mostly send the same header but for the sequence number, so comparing those bytes usually
/// replaces decoding nine keys and three strings. Kept only for headers without metadata (each call must own its
/// metadata; a deadline entry alone leaves none, and its time left is kept with the other fields, the same bytes
/// giving the same value) and in the exact form go-rpc writes: a fixmap of nine with Seq first as a uint64.
/// </summary>
internal sealed class HeaderTailMemo
{
    /// <summary>The fixmap byte, the "Seq" key, 0xcf and the eight bytes of the number.</summary>
    private const int SeqEnd = 1 + 4 + 9;
    private const int MaxTail = 256;

    [ThreadStatic]
    private static HeaderTailMemo? current;

    private readonly byte[] tail = new byte[MaxTail];
    private readonly MessageHeader fields = new();
    private int tailLength;

    /// <summary>Decodes <paramref name="bytes"/> from the memo if only its Seq differs from the last header remembered.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, MessageHeader? reuse, out MessageHeader header)
    {
        var memo = current;
        if (memo is null || memo.tailLength != bytes.Length - SeqEnd ||
            !HasSeqFirst(bytes) || !bytes[SeqEnd..].SequenceEqual(memo.tail.AsSpan(0, memo.tailLength)))
        {
            header = null!;
            return false;
        }

        header = reuse ?? new MessageHeader();
        header.CopyFrom(memo.fields);
        header.Seq = BinaryPrimitives.ReadUInt64BigEndian(bytes[(SeqEnd - 8)..]);
        return true;
    }

    /// <summary>
    /// Remembers a header just decoded from <paramref name="bytes"/>, if it is of the kind kept. No limit needs
    /// checking again on a hit: the only one inside a header is on metadata, which a kept header has none of (a
    /// deadline entry does not count against it).
    /// </summary>
    public static void Remember(ReadOnlySpan<byte> bytes, MessageHeader header)
    {
        if (header.Metadata is not null || bytes.Length - SeqEnd > MaxTail || !HasSeqFirst(bytes))
        {
            return;
        }

        var memo = current ??= new HeaderTailMemo();
        bytes[SeqEnd..].CopyTo(memo.tail);
        memo.tailLength = bytes.Length - SeqEnd;
        memo.fields.CopyFrom(header);
    }

    private static bool HasSeqFirst(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= SeqEnd &&
        bytes[0] == (0x80 | GoRpcHeaderKeys.FieldCount) &&
        bytes.Slice(1, 4).SequenceEqual(GoRpcHeaderKeys.SeqRaw) &&
        bytes[5] == 0xcf;
}
