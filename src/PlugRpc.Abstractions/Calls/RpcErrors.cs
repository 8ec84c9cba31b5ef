namespace PlugRpc;

/// <summary>
/// The error texts a server answers with. The first four match go-rpc's texts byte for byte so that
/// go-rpc clients recognise them.
/// </summary>
public static class RpcErrors
{
    public const string ServiceNotFound = "can not find service";
    public const string MethodNotFound = "can not find method";
    public const string AuthFailed = "auth failed";
    public const string DividedByZero = "divided by zero";
    public const string ShuttingDown = "server is shutting down";
    public const string RequestTimedOut = "request timed out";
}
