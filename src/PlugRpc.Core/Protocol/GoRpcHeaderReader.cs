using System.Buffers;
using System.Globalization;
using MessagePack;

namespace PlugRpc.Protocol;

/// <summary>
/// Decodes a go-rpc header leniently where a good peer would (any integer width, any key order, unknown keys
/// skipped, scalar metadata values as text) and strictly about structure: anything else is a
/// <see cref="ProtocolException"/> that says what was wrong.
/// </summary>
internal static class GoRpcHeaderReader
{
    private static readonly Utf8StringCache Strings = new();

    /// <param name="reuse">A header to decode into on the fast path instead of a new one, if the caller has one to spare.</param>
    /// <summary>A header in one piece: the fast path first, then the full reader.</summary>
    public static MessageHeader Read(ReadOnlySpan<byte> bytes, FrameLimits limits, MessageHeader? reuse) =>
        TryReadFast(bytes, limits, reuse, out var header) ? header : ReadFully(new ReadOnlySequence<byte>(bytes.ToArray()), limits);

    public static MessageHeader Read(in ReadOnlySequence<byte> bytes, FrameLimits limits, MessageHeader? reuse = null) =>
        bytes.IsSingleSegment && TryReadFast(bytes.FirstSpan, limits, reuse, out var header) ? header : ReadFully(bytes, limits);

    /// <summary>The same header as the last one but for its Seq, or one in go-rpc's usual form; false for anything else.</summary>
    private static bool TryReadFast(ReadOnlySpan<byte> bytes, FrameLimits limits, MessageHeader? reuse, out MessageHeader header)
    {
        if (HeaderTailMemo.TryRead(bytes, reuse, out header))
        {
            return true;
        }

        if (!GoRpcHeaderSpanReader.TryRead(bytes, limits, Strings, reuse, out header))
        {
            return false;
        }

        HeaderTailMemo.Remember(bytes, header);
        return true;
    }

    private static MessageHeader ReadFully(in ReadOnlySequence<byte> bytes, FrameLimits limits)
    {
        try
        {
            var reader = new MessagePackReader(bytes);
            var header = ReadMap(ref reader, limits);
            if (!reader.End)
            {
                throw new ProtocolException($"frame header has {bytes.Length - reader.Consumed} bytes after its map");
            }

            return header;
        }
        catch (ProtocolException)
        {
            throw;
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or OverflowException or InvalidOperationException)
        {
            throw new ProtocolException($"frame header is not valid msgpack: {ex.Message}", ex);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            // MessagePackReader reads a str32 or bin32 length of 2^31 or more as a negative count.
            throw new ProtocolException("frame header is not valid msgpack: a string or binary claims a length past the header's end", ex);
        }
    }

    private static MessageHeader ReadMap(ref MessagePackReader reader, FrameLimits limits)
    {
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            throw new ProtocolException($"frame header is not a msgpack map (found {Describe(ref reader)})");
        }

        var header = new MessageHeader();
        var fields = reader.ReadMapHeader();
        for (var i = 0; i < fields; i++)
        {
            if (reader.NextMessagePackType != MessagePackType.String)
            {
                throw new ProtocolException($"frame header key {i} is a {Describe(ref reader)}, not a string");
            }

            var key = ReadKey(ref reader);
            if (key.SequenceEqual(GoRpcHeaderKeys.SeqRaw.AsSpan(1)))
            {
                header.Seq = ReadInteger(ref reader, GoRpcHeaderKeys.Seq, ulong.MaxValue);
            }
            else if (key.SequenceEqual(GoRpcHeaderKeys.MessageTypeRaw.AsSpan(1)))
            {
                header.MessageType = (MessageType)ReadInteger(ref reader, GoRpcHeaderKeys.MessageType, (ulong)MessageType.Heartbeat);
            }
            else if (key.SequenceEqual(GoRpcHeaderKeys.CompressTypeRaw.AsSpan(1)))
            {
                header.CompressType = (byte)ReadInteger(ref reader, GoRpcHeaderKeys.CompressType, byte.MaxValue);
            }
            else if (key.SequenceEqual(GoRpcHeaderKeys.SerializeTypeRaw.AsSpan(1)))
            {
                header.SerializeType = (byte)ReadInteger(ref reader, GoRpcHeaderKeys.SerializeType, byte.MaxValue);
            }
            else if (key.SequenceEqual(GoRpcHeaderKeys.StatusCodeRaw.AsSpan(1)))
            {
                header.StatusCode = (WireStatus)ReadInteger(ref reader, GoRpcHeaderKeys.StatusCode, (ulong)WireStatus.Error);
            }
            else if (key.SequenceEqual(GoRpcHeaderKeys.ServiceNameRaw.AsSpan(1)))
            {
                header.ServiceName = ReadText(ref reader, GoRpcHeaderKeys.ServiceName);
            }
            else if (key.SequenceEqual(GoRpcHeaderKeys.MethodNameRaw.AsSpan(1)))
            {
                header.MethodName = ReadText(ref reader, GoRpcHeaderKeys.MethodName);
            }
            else if (key.SequenceEqual(GoRpcHeaderKeys.ErrorRaw.AsSpan(1)))
            {
                header.Error = ReadText(ref reader, GoRpcHeaderKeys.Error);
            }
            else if (key.SequenceEqual(GoRpcHeaderKeys.MetaDataRaw.AsSpan(1)))
            {
                header.Metadata = ReadMetadata(ref reader, limits, out var timeLeftMs);
                header.TimeLeftMs = timeLeftMs;
            }
            else
            {
                reader.Skip();
            }
        }

        return header;
    }

    /// <summary>A key's UTF-8 bytes, without allocating a string for it.</summary>
    private static ReadOnlySpan<byte> ReadKey(ref MessagePackReader reader)
    {
        if (reader.TryReadStringSpan(out var span))
        {
            return span;
        }

        return reader.ReadStringSequence() is { } sequence ? sequence.ToArray() : [];
    }

    /// <summary>A string value through the cache: names and tokens repeat from frame to frame.</summary>
    private static string ReadCachedString(ref MessagePackReader reader)
    {
        if (reader.TryReadStringSpan(out var span))
        {
            return Strings.Get(span);
        }

        return reader.ReadStringSequence() is { } sequence ? Strings.Get(sequence.ToArray()) : string.Empty;
    }

    private static ulong ReadInteger(ref MessagePackReader reader, string field, ulong max)
    {
        if (reader.NextMessagePackType != MessagePackType.Integer)
        {
            throw new ProtocolException($"header field {field}: expected an integer, got {Describe(ref reader)}");
        }

        var code = reader.NextCode;
        var value = code is MessagePackCode.Int8 or MessagePackCode.Int16 or MessagePackCode.Int32 or MessagePackCode.Int64
            || (code >= MessagePackCode.MinNegativeFixInt && code <= MessagePackCode.MaxNegativeFixInt)
                ? NonNegative(reader.ReadInt64(), field)
                : reader.ReadUInt64();
        if (value > max)
        {
            throw new ProtocolException($"header field {field}: {value} is out of range (0..{max})");
        }

        return value;
    }

    private static ulong NonNegative(long value, string field) =>
        value >= 0 ? (ulong)value : throw new ProtocolException($"header field {field}: {value} is negative");

    private static string ReadText(ref MessagePackReader reader, string field)
    {
        if (reader.TryReadNil())
        {
            return string.Empty;
        }

        if (reader.NextMessagePackType != MessagePackType.String)
        {
            throw new ProtocolException($"header field {field}: expected a string, got {Describe(ref reader)}");
        }

        return ReadCachedString(ref reader);
    }

    /// <summary>
    /// The metadata map, the <see cref="DeadlineEntry"/> taken out of it into <paramref name="timeLeftMs"/> (not
    /// counted against the entry limit); null for nil, or for a map that held nothing but that entry.
    /// </summary>
    private static Metadata? ReadMetadata(ref MessagePackReader reader, FrameLimits limits, out long timeLeftMs)
    {
        timeLeftMs = 0;
        if (reader.TryReadNil())
        {
            return null;
        }

        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            throw new ProtocolException($"header field MetaData: expected a map, got {Describe(ref reader)}");
        }

        var count = reader.ReadMapHeader();
        if (count - 1 > limits.MaxMetadataEntries)
        {
            throw TooManyEntries(count, limits);
        }

        var metadata = count == 0 ? new Metadata() : null;
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            if (reader.NextMessagePackType != MessagePackType.String)
            {
                throw new ProtocolException($"header field MetaData: key {i} is a {Describe(ref reader)}, not a string");
            }

            var key = ReadCachedString(ref reader);
            var value = ReadScalar(ref reader, key);
            if (string.Equals(key, MetadataKeys.Deadline, StringComparison.Ordinal))
            {
                timeLeftMs = DeadlineEntry.TryParse(value, out var parsed) ? parsed : timeLeftMs;
                continue;
            }

            if (++kept > limits.MaxMetadataEntries)
            {
                throw TooManyEntries(count, limits);
            }

            metadata ??= new Metadata(count - i);
            if (value is not null)
            {
                metadata[key] = value;
            }
        }

        return metadata;
    }

    private static ProtocolException TooManyEntries(int count, FrameLimits limits) =>
        new($"header field MetaData has {count} entries; the maximum is {limits.MaxMetadataEntries}");

    private static string? ReadScalar(ref MessagePackReader reader, string key)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return null;
            case MessagePackType.String:
                return ReadCachedString(ref reader);
            case MessagePackType.Boolean:
                return reader.ReadBoolean() ? "true" : "false";
            case MessagePackType.Integer:
                return reader.NextCode is MessagePackCode.UInt64
                    ? reader.ReadUInt64().ToString(CultureInfo.InvariantCulture)
                    : reader.ReadInt64().ToString(CultureInfo.InvariantCulture);
            case MessagePackType.Float:
                return reader.ReadDouble().ToString("R", CultureInfo.InvariantCulture);
            default:
                throw new ProtocolException($"header field MetaData: the value of '{key}' is a {Describe(ref reader)}; only strings, numbers and booleans are supported");
        }
    }

    private static string Describe(ref MessagePackReader reader) =>
        reader.End ? "nothing (truncated)" : reader.NextMessagePackType.ToString().ToLowerInvariant();
}
