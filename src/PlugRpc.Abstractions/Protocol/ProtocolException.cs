namespace PlugRpc.Protocol;

/// <summary>Bytes on a connection that are not a valid frame. The connection that carried them is closed.</summary>
public sealed class ProtocolException : RpcException
{
    public ProtocolException(string message)
        : base(RpcStatusCode.ProtocolError, message)
    {
    }

    public ProtocolException(string message, Exception innerException)
        : base(RpcStatusCode.ProtocolError, message, innerException)
    {
    }
}
