using System.Buffers.Binary;

namespace PlugRpc.Protocol;

/// <summary>
/// The fast path for headers that arrive in one piece and look the way go-rpc and PlugRpc write them: known keys,
/// unsigned integers, strings or nil, string metadata. It only ever accepts: anything else (including anything
/// wrong) returns false and the full <see cref="GoRpcHeaderReader"/> decides, with its clear errors.
/// </summary>
internal static class GoRpcHeaderSpanReader
{
    /// <param name="reuse">Decoded into, every field overwritten, instead of a new header; null for a new one.</param>
    public static bool TryRead(ReadOnlySpan<byte> bytes, FrameLimits limits, Utf8StringCache strings, MessageHeader? reuse, out MessageHeader header)
    {
        header = null!;
        var at = 0;
        if (!TryMapHeader(bytes, ref at, out var fields))
        {
            return false;
        }

        var read = reuse is null ? new MessageHeader() : Cleared(reuse);
        for (var i = 0; i < fields; i++)
        {
            if (!TryString(bytes, ref at, out var key) || !TryField(bytes, ref at, key, read, limits, strings))
            {
                return false;
            }
        }

        if (at != bytes.Length)
        {
            return false;
        }

        header = read;
        return true;
    }

    private static MessageHeader Cleared(MessageHeader header)
    {
        header.Reset();
        return header;
    }

    private static bool TryField(ReadOnlySpan<byte> bytes, ref int at, ReadOnlySpan<byte> key, MessageHeader header, FrameLimits limits, Utf8StringCache strings)
    {
        ulong number;
        string text;
        switch (KeyOf(key))
        {
            case Key.Seq:
                if (!TryUnsigned(bytes, ref at, ulong.MaxValue, out number))
                {
                    return false;
                }

                header.Seq = number;
                return true;
            case Key.MessageType:
                if (!TryUnsigned(bytes, ref at, (ulong)MessageType.Heartbeat, out number))
                {
                    return false;
                }

                header.MessageType = (MessageType)number;
                return true;
            case Key.CompressType:
                if (!TryUnsigned(bytes, ref at, byte.MaxValue, out number))
                {
                    return false;
                }

                header.CompressType = (byte)number;
                return true;
            case Key.SerializeType:
                if (!TryUnsigned(bytes, ref at, byte.MaxValue, out number))
                {
                    return false;
                }

                header.SerializeType = (byte)number;
                return true;
            case Key.StatusCode:
                if (!TryUnsigned(bytes, ref at, (ulong)WireStatus.Error, out number))
                {
                    return false;
                }

                header.StatusCode = (WireStatus)number;
                return true;
            case Key.ServiceName:
                if (!TryText(bytes, ref at, strings, out text))
                {
                    return false;
                }

                header.ServiceName = text;
                return true;
            case Key.MethodName:
                if (!TryText(bytes, ref at, strings, out text))
                {
                    return false;
                }

                header.MethodName = text;
                return true;
            case Key.Error:
                if (!TryText(bytes, ref at, strings, out text))
                {
                    return false;
                }

                header.Error = text;
                return true;
            case Key.MetaData:
                if (!TryMetadata(bytes, ref at, limits, strings, out var metadata, out var timeLeftMs))
                {
                    return false;
                }

                header.Metadata = metadata;
                header.TimeLeftMs = timeLeftMs;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Which field a key names: told apart by length and first letter, then confirmed byte for byte.</summary>
    private static Key KeyOf(ReadOnlySpan<byte> key)
    {
        var (candidate, raw) = (key.Length, key.IsEmpty ? (byte)0 : key[0]) switch
        {
            (3, (byte)'S') => (Key.Seq, GoRpcHeaderKeys.SeqRaw),
            (11, (byte)'M') => (Key.MessageType, GoRpcHeaderKeys.MessageTypeRaw),
            (12, (byte)'C') => (Key.CompressType, GoRpcHeaderKeys.CompressTypeRaw),
            (13, (byte)'S') => (Key.SerializeType, GoRpcHeaderKeys.SerializeTypeRaw),
            (10, (byte)'S') => (Key.StatusCode, GoRpcHeaderKeys.StatusCodeRaw),
            (11, (byte)'S') => (Key.ServiceName, GoRpcHeaderKeys.ServiceNameRaw),
            (10, (byte)'M') => (Key.MethodName, GoRpcHeaderKeys.MethodNameRaw),
            (5, (byte)'E') => (Key.Error, GoRpcHeaderKeys.ErrorRaw),
            (8, (byte)'M') => (Key.MetaData, GoRpcHeaderKeys.MetaDataRaw),
            _ => (Key.Unknown, []),
        };
        return candidate != Key.Unknown && key.SequenceEqual(raw.AsSpan(1)) ? candidate : Key.Unknown;
    }

    /// <summary>
    /// The metadata map, the <see cref="DeadlineEntry"/> taken out of it into <paramref name="timeLeftMs"/> (not
    /// counted against the entry limit); null for nil, or for a map that held nothing but that entry.
    /// </summary>
    private static bool TryMetadata(
        ReadOnlySpan<byte> bytes, ref int at, FrameLimits limits, Utf8StringCache strings, out Metadata? metadata, out long timeLeftMs)
    {
        metadata = null;
        timeLeftMs = 0;
        if (at < bytes.Length && bytes[at] == 0xc0)
        {
            at++;
            return true;
        }

        if (!TryMapHeader(bytes, ref at, out var count) || count - 1 > limits.MaxMetadataEntries)
        {
            return false;
        }

        var read = count == 0 ? new Metadata() : null;
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            if (!TryString(bytes, ref at, out var key) || !TryString(bytes, ref at, out var value))
            {
                return false;
            }

            if (key.SequenceEqual(DeadlineEntry.KeyUtf8))
            {
                timeLeftMs = DeadlineEntry.TryParse(value, out var parsed) ? parsed : timeLeftMs;
                continue;
            }

            if (++kept > limits.MaxMetadataEntries)
            {
                return false;
            }

            (read ??= new Metadata(Math.Max(1, count - i - (EndsWithDeadlineEntry(bytes) ? 1 : 0))))[strings.Get(key)] = strings.Get(value);
        }

        metadata = read;
        return true;
    }

    /// <summary>
    /// Whether the header ends with a deadline entry, as PlugRpc writes it (last in the metadata, the last field):
    /// the metadata then needs no room for it. Only a hint for that room: a wrong answer costs an allocation.
    /// </summary>
    private static bool EndsWithDeadlineEntry(ReadOnlySpan<byte> header)
    {
        // The value is a fixstr of digits, whose bytes never look like a fixstr prefix of 1..19.
        for (var digits = 1; digits <= 19 && digits + 1 + DeadlineEntry.KeyRaw.Length <= header.Length; digits++)
        {
            if (header[^(digits + 1)] == (0xa0 | digits))
            {
                return header[..^(digits + 1)].EndsWith(DeadlineEntry.KeyRaw);
            }
        }

        return false;
    }

    private static bool TryText(ReadOnlySpan<byte> bytes, ref int at, Utf8StringCache strings, out string text)
    {
        if (at < bytes.Length && bytes[at] == 0xc0)
        {
            at++;
            text = string.Empty;
            return true;
        }

        text = string.Empty;
        if (!TryString(bytes, ref at, out var utf8))
        {
            return false;
        }

        text = strings.Get(utf8);
        return true;
    }

    private static bool TryMapHeader(ReadOnlySpan<byte> bytes, ref int at, out int count)
    {
        count = 0;
        if (at >= bytes.Length)
        {
            return false;
        }

        var code = bytes[at];
        if (code is >= 0x80 and <= 0x8f)
        {
            count = code & 0x0f;
            at++;
            return true;
        }

        if (code == 0xde && at + 3 <= bytes.Length)
        {
            count = BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 1)..]);
            at += 3;
            return true;
        }

        return false;
    }

    private static bool TryString(ReadOnlySpan<byte> bytes, ref int at, out ReadOnlySpan<byte> utf8)
    {
        utf8 = default;
        if (at >= bytes.Length)
        {
            return false;
        }

        var code = bytes[at];
        int length;
        int prefix;
        if (code is >= 0xa0 and <= 0xbf)
        {
            length = code & 0x1f;
            prefix = 1;
        }
        else if (code == 0xd9 && at + 2 <= bytes.Length)
        {
            length = bytes[at + 1];
            prefix = 2;
        }
        else if (code == 0xda && at + 3 <= bytes.Length)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 1)..]);
            prefix = 3;
        }
        else
        {
            return false;
        }

        if (bytes.Length - at - prefix < length)
        {
            return false;
        }

        utf8 = bytes.Slice(at + prefix, length);
        at += prefix + length;
        return true;
    }

    private static bool TryUnsigned(ReadOnlySpan<byte> bytes, ref int at, ulong max, out ulong value)
    {
        value = 0;
        if (at >= bytes.Length)
        {
            return false;
        }

        var code = bytes[at];
        var rest = bytes[(at + 1)..];
        int size;
        if (code <= 0x7f)
        {
            value = code;
            size = 0;
        }
        else if (code == 0xcc && rest.Length >= 1)
        {
            value = rest[0];
            size = 1;
        }
        else if (code == 0xcd && rest.Length >= 2)
        {
            value = BinaryPrimitives.ReadUInt16BigEndian(rest);
            size = 2;
        }
        else if (code == 0xce && rest.Length >= 4)
        {
            value = BinaryPrimitives.ReadUInt32BigEndian(rest);
            size = 4;
        }
        else if (code == 0xcf && rest.Length >= 8)
        {
            value = BinaryPrimitives.ReadUInt64BigEndian(rest);
            size = 8;
        }
        else
        {
            return false;
        }

        at += 1 + size;
        return value <= max;
    }

    private enum Key
    {
        Unknown,
        Seq,
        MessageType,
        CompressType,
        SerializeType,
        StatusCode,
        ServiceName,
        MethodName,
        Error,
        MetaData,
    }
}
