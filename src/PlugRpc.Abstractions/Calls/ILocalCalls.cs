namespace PlugRpc;

/// <summary>
/// Calls into the services this process serves without a connection, through the server's filter chain (auth, tags,
/// rate limit …) as a call from the network would go: for a plugin that takes calls from elsewhere, such as the HTTP
/// gateway. The host registers it in the container when it runs a server.
/// </summary>
public interface ILocalCalls
{
    /// <summary>Whether this process serves <paramref name="serviceName"/> now (listening, not shutting down).</summary>
    bool Serves(string serviceName);

    /// <summary>Serves <paramref name="call"/> in-process and returns the method's response as JSON.</summary>
    /// <exception cref="RpcException">The call failed; <see cref="RpcException.StatusCode"/> says why, as it would over the wire.</exception>
    Task<JsonReply> CallJsonAsync(JsonCall call, CancellationToken cancellationToken = default);
}
