namespace PlugRpc;

/// <summary>
/// A call whose request is JSON text: what a gateway or a tool has when it does not have the service's .NET types.
/// The same call goes to <see cref="IRpcClient.CallJsonAsync(JsonCall, CancellationToken)"/> or, in-process, to
/// <see cref="ILocalCalls"/>.
/// </summary>
public sealed record JsonCall(string ServiceName, string MethodName, string RequestJson)
{
    /// <summary>The request's metadata (e.g. <see cref="MetadataKeys.Auth"/>); the client's filters may add to it.</summary>
    public Metadata? Metadata { get; init; }

    /// <summary>How long the call may take; null: the client's requestTimeout, or no deadline in-process.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Who calls, as the server's filters see it (<see cref="CallContext.RemoteEndPoint"/>) for an in-process call.</summary>
    public string RemoteEndPoint { get; init; } = "local";
}
