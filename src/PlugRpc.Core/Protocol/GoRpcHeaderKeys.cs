namespace PlugRpc.Protocol;

/// <summary>go-rpc's header field names, and their msgpack fixstr encodings written as they are.</summary>
internal static class GoRpcHeaderKeys
{
    public const int FieldCount = 9;
    public const string Seq = "Seq";
    public const string MessageType = "MessageType";
    public const string CompressType = "CompressType";
    public const string SerializeType = "SerializeType";
    public const string StatusCode = "StatusCode";
    public const string ServiceName = "ServiceName";
    public const string MethodName = "MethodName";
    public const string Error = "Error";
    public const string MetaData = "MetaData";

    public static readonly byte[] SeqRaw = FixStr(Seq);
    public static readonly byte[] MessageTypeRaw = FixStr(MessageType);
    public static readonly byte[] CompressTypeRaw = FixStr(CompressType);
    public static readonly byte[] SerializeTypeRaw = FixStr(SerializeType);
    public static readonly byte[] StatusCodeRaw = FixStr(StatusCode);
    public static readonly byte[] ServiceNameRaw = FixStr(ServiceName);
    public static readonly byte[] MethodNameRaw = FixStr(MethodName);
    public static readonly byte[] ErrorRaw = FixStr(Error);
    public static readonly byte[] MetaDataRaw = FixStr(MetaData);

    /// <summary>The encoded length of all nine keys together.</summary>
    public static readonly int AllKeysLength = SeqRaw.Length + MessageTypeRaw.Length + CompressTypeRaw.Length + SerializeTypeRaw.Length +
        StatusCodeRaw.Length + ServiceNameRaw.Length + MethodNameRaw.Length + ErrorRaw.Length + MetaDataRaw.Length;

    private static byte[] FixStr(string ascii) => [(byte)(0xa0 | ascii.Length), .. System.Text.Encoding.ASCII.GetBytes(ascii)];
}
