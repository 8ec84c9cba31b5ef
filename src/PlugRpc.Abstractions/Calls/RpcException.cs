namespace PlugRpc;

/// <summary>A failed call: the status code and the message the caller sees.</summary>
public class RpcException : Exception
{
    public RpcException(RpcStatusCode statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public RpcException(RpcStatusCode statusCode, string message, Exception? innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    public RpcStatusCode StatusCode { get; }

    public override string ToString() => $"{StatusCode}: {Message}";
}
