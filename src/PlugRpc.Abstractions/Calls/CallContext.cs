namespace PlugRpc;

/// <summary>
/// One call as the server sees it: given to server filters and, optionally, to the service method.
/// </summary>
public class CallContext : RpcCall
{
    private CancellationToken token;

    /// <param name="metadata">The request's metadata; null when it carried none (an empty set is made on first use).</param>
    public CallContext(string serviceName, string methodName, Metadata? metadata, string remoteEndPoint, CancellationToken cancellationToken)
        : base(serviceName, methodName, metadata)
    {
        RemoteEndPoint = remoteEndPoint;
        token = cancellationToken;
    }

    public string RemoteEndPoint { get; private set; }

    /// <summary>
    /// Cancelled when the caller's connection closes, the server stops waiting, or the call's deadline passes.
    /// Virtual so that a framework may make what fires at the deadline only once somebody asks for the token.
    /// </summary>
    public virtual CancellationToken CancellationToken
    {
        get => token;
        protected set => token = value;
    }

    /// <summary>
    /// When the caller stops waiting (UTC), from the time left it sent (<see cref="MetadataKeys.Deadline"/>) counted
    /// from the request's arrival; null when it sent none (a go-rpc client).
    /// </summary>
    public DateTime? Deadline { get; protected set; }

    /// <summary>Who calls, as a filter established it (e.g. the auth filter); null when no filter did.</summary>
    public string? Caller { get; set; }

    /// <summary>The decoded request, once the terminal handler has read it.</summary>
    public object? Request { get; set; }

    /// <summary>The response the method produced, once it has run.</summary>
    public object? Response { get; set; }

    /// <summary>
    /// Makes this object a new call, as if just constructed: for a framework that reuses the call objects that
    /// no filter and no service method has seen.
    /// </summary>
    protected void Reuse(string serviceName, string methodName, Metadata? metadata, string remoteEndPoint, CancellationToken cancellationToken)
    {
        ResetCall(serviceName, methodName, metadata);
        RemoteEndPoint = remoteEndPoint;
        token = cancellationToken;
        Request = null;
        Response = null;
        Deadline = null;
        Caller = null;
    }
}
