using System.Buffers;
using MessagePack;

namespace PlugRpc.Protocol;

/// <summary>
/// Encodes a header exactly as go-rpc does: a map of 9 in a fixed order, Seq always as uint64 (0xcf), the byte
/// fields always as uint8 (0xcc), strings compact, metadata a map of strings or nil.
/// </summary>
internal static class GoRpcHeaderWriter
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? scratch;

    /// <summary>The encoded header, valid until the next call on the same thread.</summary>
    public static ReadOnlySpan<byte> Encode(MessageHeader header)
    {
        var buffer = scratch ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(GoRpcHeaderKeys.FieldCount);
        writer.WriteRaw(GoRpcHeaderKeys.SeqRaw);
        writer.WriteUInt64(header.Seq);
        writer.WriteRaw(GoRpcHeaderKeys.MessageTypeRaw);
        writer.WriteUInt8((byte)header.MessageType);
        writer.WriteRaw(GoRpcHeaderKeys.CompressTypeRaw);
        writer.WriteUInt8(header.CompressType);
        writer.WriteRaw(GoRpcHeaderKeys.SerializeTypeRaw);
        writer.WriteUInt8(header.SerializeType);
        writer.WriteRaw(GoRpcHeaderKeys.StatusCodeRaw);
        writer.WriteUInt8((byte)header.StatusCode);
        writer.WriteRaw(GoRpcHeaderKeys.ServiceNameRaw);
        writer.Write(header.ServiceName);
        writer.WriteRaw(GoRpcHeaderKeys.MethodNameRaw);
        writer.Write(header.MethodName);
        writer.WriteRaw(GoRpcHeaderKeys.ErrorRaw);
        writer.Write(header.Error);
        writer.WriteRaw(GoRpcHeaderKeys.MetaDataRaw);
        WriteMetadata(ref writer, header.Metadata);
        writer.Flush();
        return buffer.WrittenSpan;
    }

    private static void WriteMetadata(ref MessagePackWriter writer, Metadata? metadata)
    {
        if (metadata is null)
        {
            writer.WriteNil();
            return;
        }

        writer.WriteMapHeader(metadata.Count);
        foreach (var (key, value) in metadata)
        {
            writer.Write(key);
            writer.Write(value);
        }
    }
}
