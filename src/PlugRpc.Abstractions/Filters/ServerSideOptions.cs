namespace PlugRpc.Filters;

/// <summary>What a server's filters may read of its options, handed to their factories (one filter per server).</summary>
public sealed record ServerSideOptions
{
    public static ServerSideOptions Default { get; } = new();

    /// <summary>The application key the server registers under.</summary>
    public string? AppKey { get; init; }

    /// <summary>The server's routing tags: a request must carry each of them (go-rpc's server Tags).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
