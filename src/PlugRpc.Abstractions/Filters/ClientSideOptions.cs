namespace PlugRpc.Filters;

/// <summary>What a client's filters may read of its options, handed to their factories (one filter per client).</summary>
public sealed record ClientSideOptions
{
    public static ClientSideOptions Default { get; } = new();

    /// <summary>The application key the client calls (go-rpc's AppKey).</summary>
    public string? AppKey { get; init; }

    /// <summary>The auth token the client sends (go-rpc's Auth); null leaves it to the auth plugin's settings.</summary>
    public string? Auth { get; init; }

    /// <summary>The client's routing tags, sent with every request by the tags filter.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether the tags filter leaves out instances whose tags differ from <see cref="Tags"/> (go-rpc's Tagged).</summary>
    public bool Tagged { get; init; }

    /// <summary>Failures within <see cref="CircuitBreakerWindow"/> that open an instance's breaker.</summary>
    public int CircuitBreakerThreshold { get; init; } = 20;

    public TimeSpan CircuitBreakerWindow { get; init; } = TimeSpan.FromSeconds(1);
}
