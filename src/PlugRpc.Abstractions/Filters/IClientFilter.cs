namespace PlugRpc.Filters;

/// <summary>The rest of the client chain after a filter.</summary>
public delegate ValueTask ClientCallHandler(ClientCallContext context);

/// <summary>
/// A link in the client chain (timeout, tracing, auth token, rate limit, circuit breaker, retry …). A filter may
/// call <c>next</c> more than once (retries) or not at all (refuse by throwing <see cref="RpcException"/>).
/// </summary>
public interface IClientFilter
{
    ValueTask InvokeAsync(ClientCallContext context, ClientCallHandler next);
}
