namespace PlugRpc.Filters;

/// <summary>The rest of the server chain after a filter.</summary>
public delegate ValueTask ServerCallHandler(CallContext context);

/// <summary>
/// A link in the server chain (auth check, tags, rate limit, tracing, logging …). Throw <see cref="RpcException"/>
/// to refuse the call; its status and message go back to the caller. Heartbeats never reach filters.
/// </summary>
public interface IServerFilter
{
    ValueTask InvokeAsync(CallContext context, ServerCallHandler next);
}
