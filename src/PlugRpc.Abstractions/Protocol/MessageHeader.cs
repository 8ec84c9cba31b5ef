namespace PlugRpc.Protocol;

/// <summary>The header of one frame, field for field as go-rpc sends it.</summary>
public sealed class MessageHeader
{
    public ulong Seq { get; set; }

    public MessageType MessageType { get; set; }

    public byte CompressType { get; set; }

    public byte SerializeType { get; set; }

    public WireStatus StatusCode { get; set; }

    public string ServiceName { get; set; } = string.Empty;

    public string MethodName { get; set; } = string.Empty;

    public string Error { get; set; } = string.Empty;

    /// <summary>How the header itself is encoded on the wire (not a header field).</summary>
    public HeaderFormat HeaderFormat { get; set; }

    /// <summary>Null encodes as msgpack nil, as go-rpc sends a nil map.</summary>
    public Metadata? Metadata { get; set; }

    /// <summary>
    /// The milliseconds the request's caller has left, 0 for none (a go-rpc peer sends none). Not a go-rpc field: on
    /// the wire it is one more metadata entry, <see cref="MetadataKeys.Deadline"/> as decimal text after the call's
    /// own metadata, which the frame protocol writes from here and reads back into here (it is never in
    /// <see cref="Metadata"/> on either side).
    /// </summary>
    public long TimeLeftMs { get; set; }

    /// <summary>Sets every field back to its default, for a header that is used again.</summary>
    public void Reset()
    {
        Seq = 0;
        MessageType = default;
        CompressType = 0;
        SerializeType = 0;
        StatusCode = WireStatus.Ok;
        ServiceName = string.Empty;
        MethodName = string.Empty;
        Error = string.Empty;
        HeaderFormat = default;
        Metadata = null;
        TimeLeftMs = 0;
    }

    /// <summary>Sets every field to <paramref name="other"/>'s (the metadata by reference).</summary>
    public void CopyFrom(MessageHeader other)
    {
        Seq = other.Seq;
        MessageType = other.MessageType;
        CompressType = other.CompressType;
        SerializeType = other.SerializeType;
        StatusCode = other.StatusCode;
        ServiceName = other.ServiceName;
        MethodName = other.MethodName;
        Error = other.Error;
        HeaderFormat = other.HeaderFormat;
        Metadata = other.Metadata;
        TimeLeftMs = other.TimeLeftMs;
    }

    public override string ToString() =>
        $"{MessageType} seq={Seq} {ServiceName}.{MethodName} status={StatusCode} serialize={SerializeType} compress={CompressType}";
}
