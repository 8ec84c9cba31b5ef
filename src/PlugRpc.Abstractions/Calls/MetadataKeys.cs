namespace PlugRpc;

/// <summary>Every metadata key the framework itself reads or writes.</summary>
public static class MetadataKeys
{
    /// <summary>The caller's auth token (go-rpc's key).</summary>
    public const string Auth = "rpc_auth";

    /// <summary>The numeric <see cref="RpcStatusCode"/> of an error response. go-rpc peers ignore it.</summary>
    public const string Status = "rpc_status";

    /// <summary>
    /// The milliseconds the caller's call has left as it is sent (decimal text): the server's deadline starts on
    /// arrival, so the two clocks need not agree. go-rpc peers ignore it.
    /// </summary>
    public const string Deadline = "rpc_deadline_ms";

    /// <summary>Prefix of the caller's routing tags.</summary>
    public const string TagPrefix = "rpc_tag_";

    /// <summary>
    /// The caller's W3C trace context (<c>00-traceid-spanid-flags</c>), sent while the caller is traced: the server's
    /// span continues the caller's trace. go-rpc's OpenTracing keys (e.g. <c>uber-trace-id</c>) are not read and pass
    /// through untouched.
    /// </summary>
    public const string TraceParent = "traceparent";

    /// <summary>The W3C tracestate that goes with <see cref="TraceParent"/>, when the caller's trace has one.</summary>
    public const string TraceState = "tracestate";
}
