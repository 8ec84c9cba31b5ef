namespace PlugRpc.Discovery;

/// <summary>How one attempt of a call ended on an instance: its status (Ok for an answer) and how long it took.</summary>
public readonly record struct AttemptOutcome(RpcStatusCode Status, TimeSpan Latency)
{
    /// <summary>Whether the instance, not the caller, is to blame: transport errors, timeouts, Unavailable, Internal.</summary>
    public bool IsInstanceFailure => Status is RpcStatusCode.Unavailable or RpcStatusCode.DeadlineExceeded or RpcStatusCode.Internal
        or RpcStatusCode.ProtocolError or RpcStatusCode.Unknown;
}
