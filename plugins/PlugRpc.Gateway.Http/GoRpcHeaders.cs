namespace PlugRpc.Gateway.Http;

/// <summary>
/// The HTTP header names of go-rpc's gateway (server/gateway.go of tiancai110a/go-rpc, after megaredfan/rpc-demo):
/// a message header's fields, each as decimal text except the names, the error and meta_data (a JSON object).
/// </summary>
internal static class GoRpcHeaders
{
    public const string Seq = "rpc-header-seq";
    public const string MessageType = "rpc-header-message_type";
    public const string CompressType = "rpc-header-compress_type";
    public const string SerializeType = "rpc-header-serialize_type";
    public const string StatusCode = "rpc-header-status_code";
    public const string ServiceName = "rpc-header-service_name";
    public const string MethodName = "rpc-header-method_name";
    public const string Error = "rpc-header-error";
    public const string MetaData = "rpc-header-meta_data";
}
