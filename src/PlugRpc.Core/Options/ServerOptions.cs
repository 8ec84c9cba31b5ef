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

    /// <summary>The registry to register in, as a URL (see ClientOptions.Registry); none when null.</summary>
    public string? Registry { get; set; }

    /// <summary>The application key to register under (go-rpc's RegisterOption.AppKey).</summary>
    public string? AppKey { get; set; }

    /// <summary>
    /// The address clients are told to call, e.g. tcp://10.0.0.5:7000; needed when the server listens on 0.0.0.0 or
    /// [::]. Null registers each address listened on (with the port actually bound).
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>The instance's weight for clients' weighted selector; null publishes none (weight 1).</summary>
    public int? Weight { get; set; }

    /// <summary>More metadata to publish with the instance (e.g. "version").</summary>
    public Dictionary<string, string> Metadata { get; set; } = [];

    /// <summary>On a graceful shutdown, how long to keep serving after deregistering, so that clients' views drop the instance first.</summary>
    public TimeSpan DeregisterDelay { get; set; } = TimeSpan.FromSeconds(1);

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

        ValidateRegistration(problems);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException("server", problems);
        }
    }

    private void ValidateRegistration(List<string> problems)
    {
        if (Registry is null)
        {
            return;
        }

        try
        {
            Discovery.RegistryAddress.Parse(Registry);
        }
        catch (FormatException ex)
        {
            problems.Add(ex.Message);
        }

        if (string.IsNullOrWhiteSpace(AppKey))
        {
            problems.Add($"registry {Registry} needs an appKey: the app key to register under");
        }
        else if (AppKey.Contains('/') || AppKey.Any(char.IsWhiteSpace))
        {
            problems.Add($"appKey '{AppKey}' must not hold '/' or spaces");
        }

        if (AdvertisedAddress is not null && !Transport.RpcAddress.TryParse(AdvertisedAddress, out _, out var error))
        {
            problems.Add($"advertisedAddress: {error}");
        }

        if (Weight is < 1)
        {
            problems.Add($"weight {Weight} must be at least 1");
        }

        if (DeregisterDelay < TimeSpan.Zero)
        {
            problems.Add($"deregisterDelay {DeregisterDelay} is negative");
        }
    }
}
