namespace PlugRpc.Options;

/// <summary>A server's options (the "server" section of plugins.json).</summary>
public sealed class ServerOptions : ConnectionOptions
{
    /// <summary>Where to listen, e.g. "tcp://127.0.0.1:7000". A host's --address replaces these.</summary>
    public List<string> Addresses { get; set; } = [];

    /// <summary>
    /// How long a graceful shutdown waits for calls in flight (go-rpc's ShutDownWait). New calls are answered
    /// with a shutting-down error meanwhile.
    /// </summary>
    public TimeSpan ShutdownWait { get; set; } = TimeSpan.FromSeconds(12);

    /// <summary>
    /// Most calls one connection may have in flight; past it the server stops reading that connection until one
    /// finishes, so a flooding client is slowed by TCP instead of queueing without bound.
    /// </summary>
    public int MaxConcurrentCallsPerConnection { get; set; } = 1000;

    /// <summary>A connection with no frames and no calls in flight for this long is closed; zero keeps it forever.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Server filters by name, outermost first, e.g. ["auth", "tags"].</summary>
    public List<string> Filters { get; set; } = [];

    /// <summary>The server's routing tags (go-rpc's Tags): published with its instance; the "tags" filter refuses requests without them.</summary>
    public Dictionary<string, string> Tags { get; set; } = [];

    /// <summary>What the server's filters may read of these options.</summary>
    public Filters.ServerSideOptions ToSideOptions() => new() { Tags = Tags };

    public void Validate()
    {
        var problems = new List<string>();
        ValidateConnection(problems);
        ValidateAddresses(Addresses, problems);
        if (MaxConcurrentCallsPerConnection < 1)
        {
            problems.Add($"maxConcurrentCallsPerConnection {MaxConcurrentCallsPerConnection} must be at least 1");
        }

        if (IdleTimeout < TimeSpan.Zero)
        {
            problems.Add($"idleTimeout {IdleTimeout} is negative");
        }

        if (ShutdownWait < TimeSpan.Zero)
        {
            problems.Add($"shutdownWait {ShutdownWait} is negative");
        }

        if (problems.Count > 0)
        {
            throw new OptionsValidationException("server", problems);
        }
    }
}
