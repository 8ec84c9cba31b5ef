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

    /// <summary>Server filters by name, outermost first, e.g. ["auth"].</summary>
    public List<string> Filters { get; set; } = [];

    public void Validate()
    {
        var problems = new List<string>();
        ValidateConnection(problems);
        ValidateAddresses(Addresses, problems);
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
