namespace PlugRpc.Filters.Auth;

/// <summary>
/// Refuses a call whose <see cref="MetadataKeys.Auth"/> token is missing or not accepted, as go-rpc does; an accepted
/// call's <see cref="CallContext.Caller"/> becomes its token's identity, for per-caller limits and logs.
/// </summary>
public sealed class AuthServerFilter : IServerFilter
{
    private readonly TokenSet tokens;

    public AuthServerFilter(IEnumerable<string> acceptedTokens)
    {
        tokens = new TokenSet(acceptedTokens);
    }

    public ValueTask InvokeAsync(CallContext context, ServerCallHandler next)
    {
        if (!tokens.TryMatch(context.Metadata[MetadataKeys.Auth], out var caller))
        {
            throw new RpcException(RpcStatusCode.Unauthenticated, RpcErrors.AuthFailed);
        }

        context.Caller = caller;
        return next(context);
    }
}
