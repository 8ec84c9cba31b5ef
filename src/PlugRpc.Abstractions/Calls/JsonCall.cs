namespace PlugRpc;

/// <summary>
/// A call whose request is JSON text: what a gateway or a tool has when it does not have the service's .NET types.
/// The same call goes to <see cref="IRpcClient.CallJsonAsync(JsonCall, CancellationToken)"/> or, in-process, to
/// <see cref="ILocalCalls"/>.
/// </summary>
public sealed record JsonCall(string ServiceName, string MethodName, string RequestJson)
{
    /// <summary>
    /// The call's metadata (e.g. <see cref="MetadataKeys.Auth"/>) and timeout (null: the client's requestTimeout, or
    /// no deadline in-process), and for a call through the client its codec, compressor, address and routing key.
    /// </summary>
    public CallOptions Options { get; init; } = CallOptions.Default;

    /// <summary>Who calls, as the server's filters see it (<see cref="CallContext.RemoteEndPoint"/>) for an in-process call.</summary>
    public string RemoteEndPoint { get; init; } = "local";
}
