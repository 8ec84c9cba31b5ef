namespace PlugRpc;

/// <summary>Per-call settings that override the client's options.</summary>
public sealed record CallOptions
{
    public static CallOptions Default { get; } = new();

    /// <summary>Overrides the client's RequestTimeout.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Metadata to send; the client's filters may add to it.</summary>
    public Metadata? Metadata { get; init; }

    /// <summary>Overrides the client's codec by name (e.g. "msgpack").</summary>
    public string? Codec { get; init; }

    /// <summary>Overrides the client's compressor by name.</summary>
    public string? Compressor { get; init; }

    /// <summary>Sends the call to this address instead of asking discovery and the selector.</summary>
    public string? Address { get; init; }

    /// <summary>The key the "hash" selector routes on: calls with the same key go to the same instance.</summary>
    public string? RoutingKey { get; init; }

    /// <summary>
    /// Whether the call may safely run twice, so that a lost connection or a timed-out attempt may be retried;
    /// null takes it from the method (<c>[RpcMethod(Idempotent = true)]</c>) or the client's idempotentMethods.
    /// </summary>
    public bool? Idempotent { get; init; }
}
