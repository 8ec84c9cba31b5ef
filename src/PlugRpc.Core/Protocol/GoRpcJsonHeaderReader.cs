using System.Buffers;
using System.Text;
using System.Text.Json;

namespace PlugRpc.Protocol;

/// <summary>
/// Decodes a go-rpc JSON-mode header. Field names match case-insensitively, as Go's decoder does; numbers must be
/// integers in range; metadata values may be strings, numbers or booleans.
/// </summary>
internal static class GoRpcJsonHeaderReader
{
    public static MessageHeader Read(in ReadOnlySequence<byte> bytes, FrameLimits limits)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 4 });
        try
        {
            var header = new MessageHeader { HeaderFormat = HeaderFormat.Json };
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new ProtocolException("JSON frame header is not an object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                reader.Read();
                Assign(header, key, ref reader, limits);
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw new ProtocolException("JSON frame header has bytes after its object");
            }

            return header;
        }
        catch (JsonException ex)
        {
            throw new ProtocolException($"JSON frame header is not valid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is DecoderFallbackException)
        {
            // Utf8JsonReader checks a string's UTF-8 only when it is read as text.
            throw new ProtocolException("JSON frame header has a string that is not valid UTF-8", ex);
        }
    }

    private static void Assign(MessageHeader header, string key, ref Utf8JsonReader reader, FrameLimits limits)
    {
        if (Is(key, GoRpcHeaderKeys.Seq))
        {
            header.Seq = Integer(ref reader, key, ulong.MaxValue);
        }
        else if (Is(key, GoRpcHeaderKeys.MessageType))
        {
            header.MessageType = (MessageType)Integer(ref reader, key, (ulong)MessageType.Heartbeat);
        }
        else if (Is(key, GoRpcHeaderKeys.CompressType))
        {
            header.CompressType = (byte)Integer(ref reader, key, byte.MaxValue);
        }
        else if (Is(key, GoRpcHeaderKeys.SerializeType))
        {
            header.SerializeType = (byte)Integer(ref reader, key, byte.MaxValue);
        }
        else if (Is(key, GoRpcHeaderKeys.StatusCode))
        {
            header.StatusCode = (WireStatus)Integer(ref reader, key, (ulong)WireStatus.Error);
        }
        else if (Is(key, GoRpcHeaderKeys.ServiceName))
        {
            header.ServiceName = Text(ref reader, key);
        }
        else if (Is(key, GoRpcHeaderKeys.MethodName))
        {
            header.MethodName = Text(ref reader, key);
        }
        else if (Is(key, GoRpcHeaderKeys.Error))
        {
            header.Error = Text(ref reader, key);
        }
        else if (Is(key, GoRpcHeaderKeys.MetaData))
        {
            header.Metadata = Metadata(ref reader, limits, out var timeLeftMs);
            header.TimeLeftMs = timeLeftMs;
        }
        else
        {
            reader.Skip();
        }
    }

    private static bool Is(string key, string field) => string.Equals(key, field, StringComparison.OrdinalIgnoreCase);

    private static ulong Integer(ref Utf8JsonReader reader, string field, ulong max)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out var value) || value > max)
        {
            throw new ProtocolException($"JSON header field {field}: expected an integer in 0..{max}");
        }

        return value;
    }

    private static string Text(ref Utf8JsonReader reader, string field) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString()!,
        JsonTokenType.Null => string.Empty,
        _ => throw new ProtocolException($"JSON header field {field}: expected a string, got {reader.TokenType}"),
    };

    /// <summary>
    /// The metadata object, the <see cref="DeadlineEntry"/> taken out of it into <paramref name="timeLeftMs"/> (not
    /// counted against the entry limit); null for null, or for an object that held nothing but that entry.
    /// </summary>
    private static Metadata? Metadata(ref Utf8JsonReader reader, FrameLimits limits, out long timeLeftMs)
    {
        timeLeftMs = 0;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ProtocolException($"JSON header field MetaData: expected an object, got {reader.TokenType}");
        }

        Metadata? metadata = null;
        var entries = 0;
        var sawDeadline = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            var isDeadline = string.Equals(key, MetadataKeys.Deadline, StringComparison.Ordinal);
            if (!isDeadline && entries++ == limits.MaxMetadataEntries)
            {
                throw new ProtocolException($"header field MetaData has more than the maximum of {limits.MaxMetadataEntries} entries");
            }

            reader.Read();
            var value = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                JsonTokenType.Null => null,
                _ => throw new ProtocolException($"JSON header field MetaData: the value of '{key}' is a {reader.TokenType}; only strings, numbers and booleans are supported"),
            };
            if (isDeadline)
            {
                sawDeadline = true;
                timeLeftMs = DeadlineEntry.TryParse(value, out var parsed) ? parsed : timeLeftMs;
                continue;
            }

            metadata ??= new Metadata();
            if (value is not null)
            {
                metadata[key] = value;
            }
        }

        return metadata ?? (sawDeadline ? null : new Metadata());
    }
}
