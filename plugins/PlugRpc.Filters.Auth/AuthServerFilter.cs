namespace PlugRpc.Filters.Auth;

/// <summary>Refuses a call whose <see cref="MetadataKeys.Auth"/> token is missing or not accepted, as go-rpc does.</summary>
public sealed class AuthServerFilter : IServerFilter
{
    private readonly TokenSet tokens;

    public AuthServerFilter(IEnumerable<string> acceptedTokens)
    {
        tokens = new TokenSet(acceptedTokens);
    }

    public ValueTask InvokeAsync(CallContext context, ServerCallHandler next) =>
        tokens.Contains(context.Metadata[MetadataKeys.Auth])
            ? next(context)
            : throw new RpcException(RpcStatusCode.Unauthenticated, RpcErrors.AuthFailed);
}
