namespace PlugRpc;

/// <summary>Calls remote services. Services and plugins that need to call out take this from the container.</summary>
public interface IRpcClient
{
    /// <summary>Calls <paramref name="serviceMethod"/> ("Service.Method") and waits for its response.</summary>
    /// <exception cref="RpcException">The call failed; <see cref="RpcException.StatusCode"/> says why.</exception>
    Task<TResponse> CallAsync<TRequest, TResponse>(string serviceMethod, TRequest request, CallOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="CallAsync{TRequest, TResponse}"/>, as a value task that a client may back with a pooled call
    /// object: await it exactly once.
    /// </summary>
    ValueTask<TResponse> CallPooledAsync<TRequest, TResponse>(string serviceMethod, TRequest request, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        new(CallAsync<TRequest, TResponse>(serviceMethod, request, options, cancellationToken));

    /// <summary>
    /// Calls with the request as JSON text and returns the response as JSON text, with the metadata the server sent
    /// back: for gateways and tools that do not have the service's types (the codec converts the JSON).
    /// </summary>
    /// <exception cref="RpcException">The call failed; <see cref="RpcException.StatusCode"/> says why.</exception>
    Task<JsonReply> CallJsonAsync(JsonCall call, CancellationToken cancellationToken = default);

    /// <summary>Sends a heartbeat to <paramref name="address"/> and returns the round trip.</summary>
    Task<TimeSpan> PingAsync(string address, CancellationToken cancellationToken = default);

    /// <summary>A typed proxy whose methods call the service the interface describes.</summary>
    TService CreateProxy<TService>()
        where TService : class;
}
