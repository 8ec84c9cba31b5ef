namespace PlugRpc.Registry.ZooKeeper.Client;

/// <summary>A ZooKeeper operation failed: the server's error code for it, or the client's (connection lost, session expired).</summary>
internal sealed class ZooKeeperException(ZooKeeperErrorCode code, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public ZooKeeperErrorCode Code { get; } = code;

    /// <summary>Worth trying again: the connection was lost or moved, or the session expired (the next use opens a new one).</summary>
    public bool IsRetryable => Code is ZooKeeperErrorCode.ConnectionLoss or ZooKeeperErrorCode.OperationTimeout
        or ZooKeeperErrorCode.SessionMoved or ZooKeeperErrorCode.SessionExpired or ZooKeeperErrorCode.RequestTimeout
        or ZooKeeperErrorCode.Throttled;

    /// <summary>The exception for the error code a reply to an operation on <paramref name="path"/> carried.</summary>
    public static ZooKeeperException FromReply(int error, string op, string? path)
    {
        var code = (ZooKeeperErrorCode)error;
        var what = code switch
        {
            ZooKeeperErrorCode.NoNode => $"node {path} does not exist",
            ZooKeeperErrorCode.NodeExists => $"node {path} already exists",
            ZooKeeperErrorCode.NotEmpty => $"node {path} has children",
            ZooKeeperErrorCode.BadVersion => $"node {path} is not at the version given",
            ZooKeeperErrorCode.NoChildrenForEphemerals => $"the parent of {path} is ephemeral and cannot have children",
            ZooKeeperErrorCode.NoAuth => $"not allowed on {path}",
            ZooKeeperErrorCode.SessionExpired => "the session has expired",
            ZooKeeperErrorCode.SessionMoved => "the session moved to another server",
            _ when Enum.IsDefined(code) => $"{code} on {path}",
            _ => $"error {error} on {path}",
        };
        return new ZooKeeperException(code, $"ZooKeeper {op}: {what} ({code})");
    }
}
