namespace PlugRpc.Filters.Auth;

/// <summary>Sends the configured token under <see cref="MetadataKeys.Auth"/> unless the call carries its own.</summary>
public sealed class AuthClientFilter(string? token) : IClientFilter
{
    public ValueTask InvokeAsync(ClientCallContext context, ClientCallHandler next)
    {
        if (token is not null && !context.Metadata.ContainsKey(MetadataKeys.Auth))
        {
            context.Metadata[MetadataKeys.Auth] = token;
        }

        return next(context);
    }
}
