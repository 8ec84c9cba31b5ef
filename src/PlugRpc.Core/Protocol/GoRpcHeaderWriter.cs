using System.Buffers.Binary;
using System.Text;

namespace PlugRpc.Protocol;

/// <summary>
/// Encodes a header exactly as go-rpc does: a map of 9 in a fixed order, Seq always as uint64 (0xcf), the byte
/// fields always as uint8 (0xcc), strings compact (fixstr, then str8/16/32), metadata a map of strings or nil.
/// A header's <see cref="MessageHeader.TimeLeftMs"/> goes last in that map as <see cref="DeadlineEntry"/>. The size is measured first so that the header is written straight into the frame's own buffer.
/// </summary>
internal static class GoRpcHeaderWriter
{
    /// <summary>The fixmap byte, the nine keys, Seq's 9 bytes and the four one-byte fields' 2 bytes each.</summary>
    private static readonly int FixedPart = 1 + GoRpcHeaderKeys.AllKeysLength + 9 + (4 * 2);

    public static int Measure(MessageHeader header) =>
        FixedPart + NameSize(header.ServiceName) + NameSize(header.MethodName) + StringSize(header.Error) + MetadataSize(header.Metadata, header.TimeLeftMs);

    /// <summary>Writes the header into <paramref name="destination"/>, which is exactly <see cref="Measure"/> bytes.</summary>
    public static void Write(Span<byte> destination, MessageHeader header)
    {
        destination[0] = 0x80 | GoRpcHeaderKeys.FieldCount;
        var at = 1;
        at += Raw(destination[at..], GoRpcHeaderKeys.SeqRaw);
        destination[at] = 0xcf;
        BinaryPrimitives.WriteUInt64BigEndian(destination[(at + 1)..], header.Seq);
        at += 9;
        at += Raw(destination[at..], GoRpcHeaderKeys.MessageTypeRaw);
        at += UInt8(destination[at..], (byte)header.MessageType);
        at += Raw(destination[at..], GoRpcHeaderKeys.CompressTypeRaw);
        at += UInt8(destination[at..], header.CompressType);
        at += Raw(destination[at..], GoRpcHeaderKeys.SerializeTypeRaw);
        at += UInt8(destination[at..], header.SerializeType);
        at += Raw(destination[at..], GoRpcHeaderKeys.StatusCodeRaw);
        at += UInt8(destination[at..], (byte)header.StatusCode);
        at += Raw(destination[at..], GoRpcHeaderKeys.ServiceNameRaw);
        at += Name(destination[at..], header.ServiceName);
        at += Raw(destination[at..], GoRpcHeaderKeys.MethodNameRaw);
        at += Name(destination[at..], header.MethodName);
        at += Raw(destination[at..], GoRpcHeaderKeys.ErrorRaw);
        at += String(destination[at..], header.Error);
        at += Raw(destination[at..], GoRpcHeaderKeys.MetaDataRaw);
        at += Metadata(destination[at..], header.Metadata, header.TimeLeftMs);
        if (at != destination.Length)
        {
            throw new InvalidOperationException($"header measured {destination.Length} bytes but wrote {at}");
        }
    }

    private static int MetadataSize(Metadata? metadata, long timeLeftMs)
    {
        if (metadata is null && timeLeftMs <= 0)
        {
            return 1;
        }

        var size = MapHeaderSize(EntryCount(metadata, timeLeftMs));
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                size += StringSize(key) + StringSize(value);
            }
        }

        // The digits (at most 19) always fit a fixstr.
        return timeLeftMs > 0 ? size + DeadlineEntry.KeyRaw.Length + 1 + DeadlineEntry.DigitCount(timeLeftMs) : size;
    }

    private static int Metadata(Span<byte> destination, Metadata? metadata, long timeLeftMs)
    {
        if (metadata is null && timeLeftMs <= 0)
        {
            destination[0] = 0xc0;
            return 1;
        }

        var at = MapHeader(destination, EntryCount(metadata, timeLeftMs));
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                at += String(destination[at..], key);
                at += String(destination[at..], value);
            }
        }

        if (timeLeftMs > 0)
        {
            at += Raw(destination[at..], DeadlineEntry.KeyRaw);
            var digits = DeadlineEntry.Format(destination[(at + 1)..], timeLeftMs);
            destination[at] = (byte)(0xa0 | digits);
            at += 1 + digits;
        }

        return at;
    }

    private static int EntryCount(Metadata? metadata, long timeLeftMs) => (metadata?.Count ?? 0) + (timeLeftMs > 0 ? 1 : 0);

    private static int NameSize(string name) => EncodedNames.Get(name)?.Length ?? StringSize(name);

    private static int Name(Span<byte> destination, string name)
    {
        if (EncodedNames.Get(name) is not { } encoded)
        {
            return String(destination, name);
        }

        encoded.CopyTo(destination);
        return encoded.Length;
    }

    private static int StringSize(string text)
    {
        if (text.Length == 0)
        {
            return 1;
        }

        var length = Encoding.UTF8.GetByteCount(text);
        return LengthPrefixSize(length) + length;
    }

    private static int LengthPrefixSize(int length) => length switch
    {
        <= 31 => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    private static int String(Span<byte> destination, string text)
    {
        if (text.Length == 0)
        {
            destination[0] = 0xa0;
            return 1;
        }

        var length = Encoding.UTF8.GetByteCount(text);
        var prefix = LengthPrefixSize(length);
        switch (prefix)
        {
            case 1:
                destination[0] = (byte)(0xa0 | length);
                break;
            case 2:
                destination[0] = 0xd9;
                destination[1] = (byte)length;
                break;
            case 3:
                destination[0] = 0xda;
                BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)length);
                break;
            default:
                destination[0] = 0xdb;
                BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
                break;
        }

        return prefix + Encoding.UTF8.GetBytes(text, destination[prefix..]);
    }

    private static int MapHeaderSize(int count) => count switch
    {
        <= 15 => 1,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    private static int MapHeader(Span<byte> destination, int count)
    {
        switch (MapHeaderSize(count))
        {
            case 1:
                destination[0] = (byte)(0x80 | count);
                return 1;
            case 3:
                destination[0] = 0xde;
                BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)count);
                return 3;
            default:
                destination[0] = 0xdf;
                BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)count);
                return 5;
        }
    }

    private static int UInt8(Span<byte> destination, byte value)
    {
        destination[0] = 0xcc;
        destination[1] = value;
        return 2;
    }

    private static int Raw(Span<byte> destination, byte[] raw)
    {
        raw.CopyTo(destination);
        return raw.Length;
    }
}
