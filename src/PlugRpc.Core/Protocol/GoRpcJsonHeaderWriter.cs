using System.Buffers;
using System.Text.Json;

namespace PlugRpc.Protocol;

/// <summary>
/// Encodes a header as go-rpc's JSON mode does (Go's encoding/json of its Header struct); a header's
/// <see cref="MessageHeader.TimeLeftMs"/> goes last in MetaData as <see cref="DeadlineEntry"/>.
/// </summary>
internal static class GoRpcJsonHeaderWriter
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? scratch;

    /// <summary>The encoded header, valid until the next call on the same thread.</summary>
    public static ReadOnlySpan<byte> Encode(MessageHeader header)
    {
        var buffer = scratch ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber(GoRpcHeaderKeys.Seq, header.Seq);
            writer.WriteNumber(GoRpcHeaderKeys.MessageType, (byte)header.MessageType);
            writer.WriteNumber(GoRpcHeaderKeys.CompressType, header.CompressType);
            writer.WriteNumber(GoRpcHeaderKeys.SerializeType, header.SerializeType);
            writer.WriteNumber(GoRpcHeaderKeys.StatusCode, (byte)header.StatusCode);
            writer.WriteString(GoRpcHeaderKeys.ServiceName, header.ServiceName);
            writer.WriteString(GoRpcHeaderKeys.MethodName, header.MethodName);
            writer.WriteString(GoRpcHeaderKeys.Error, header.Error);
            if (header.Metadata is null && header.TimeLeftMs <= 0)
            {
                writer.WriteNull(GoRpcHeaderKeys.MetaData);
            }
            else
            {
                writer.WriteStartObject(GoRpcHeaderKeys.MetaData);
                if (header.Metadata is not null)
                {
                    foreach (var (key, value) in header.Metadata)
                    {
                        writer.WriteString(key, value);
                    }
                }

                if (header.TimeLeftMs > 0)
                {
                    Span<byte> digits = stackalloc byte[20];
                    writer.WriteString(DeadlineEntry.KeyUtf8, digits[..DeadlineEntry.Format(digits, header.TimeLeftMs)]);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan;
    }
}
