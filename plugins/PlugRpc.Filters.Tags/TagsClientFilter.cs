using PlugRpc.Discovery;

namespace PlugRpc.Filters.Tags;

/// <summary>Sends the client's routing tags with every request (go-rpc's rpc_tag_ keys), keeping any a call sets itself.</summary>
public sealed class TagsClientFilter : IClientFilter
{
    private readonly Metadata entries = new();

    public TagsClientFilter(IReadOnlyDictionary<string, string> tags)
    {
        InstanceTags.AddToRequest(entries, tags);
    }

    public ValueTask InvokeAsync(ClientCallContext context, ClientCallHandler next)
    {
        if (entries.Count > 0)
        {
            var metadata = context.Metadata;
            foreach (var (key, value) in entries)
            {
                if (!metadata.ContainsKey(key))
                {
                    metadata[key] = value;
                }
            }
        }

        return next(context);
    }
}
