namespace PlugRpc.Filters.Tags;

/// <summary>
/// go-rpc's server tags: refuses (PermissionDenied, naming the tag) a request that lacks or differs on any of the
/// server's tags; a server without tags serves everyone. Reads the request's rpc_tag_ keys in place, building nothing.
/// </summary>
public sealed class TagsServerFilter : IServerFilter
{
    private readonly Required[] required;

    public TagsServerFilter(IReadOnlyDictionary<string, string> tags)
    {
        required = tags
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new Required(
                MetadataKeys.TagPrefix + t.Key,
                t.Value,
                $"tag '{t.Key}' does not match: this server serves {t.Key}={t.Value}"))
            .ToArray();
    }

    public ValueTask InvokeAsync(CallContext context, ServerCallHandler next)
    {
        foreach (var tag in required)
        {
            if (!context.HasMetadata || !context.Metadata.TryGetValue(tag.Key, out var value) || !string.Equals(value, tag.Value, StringComparison.Ordinal))
            {
                throw new RpcException(RpcStatusCode.PermissionDenied, tag.Refusal);
            }
        }

        return next(context);
    }

    private sealed record Required(string Key, string Value, string Refusal);
}
