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
}
