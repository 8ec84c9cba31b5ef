namespace PlugRpc.Protocol;

/// <summary>go-rpc's MessageType header field.</summary>
public enum MessageType : byte
{
    Request = 0,
    Response = 1,
    Heartbeat = 2,
}
