using PlugRpc.Discovery;

namespace PlugRpc.Registry.Consul;

/// <summary>
/// What a consul:// URL says: the one agent to talk to (port 8500 unless written), the TTL check's TTL (ttl, 10s),
/// how long a critical instance stays before the agent removes it (deregisterAfter, 1m), the ACL token (token) and
/// how long a watching listing blocks at most (wait, 30s, at most Consul's 10m). A path is allowed and means nothing.
/// </summary>
internal sealed record ConsulSettings(string Host, int Port, TimeSpan Ttl, TimeSpan DeregisterAfter, string? Token, TimeSpan Wait)
{
    public const int DefaultPort = 8500;

    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);
    private static readonly string[] Parameters = ["ttl", "deregisterAfter", "token", "wait"];

    /// <summary>The agent as "host:port", for messages.</summary>
    public string Agent => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <exception cref="FormatException">The URL does not name one agent or has a parameter that is unknown or malformed.</exception>
    public static ConsulSettings From(RegistryAddress address)
    {
        var endpoints = address.Endpoints(DefaultPort);
        if (endpoints.Count != 1)
        {
            throw new FormatException(endpoints.Count == 0
                ? "consul needs the agent to talk to, e.g. consul://127.0.0.1:8500"
                : $"consul talks to one agent, not {endpoints.Count} ({string.Join(", ", address.Hosts)}); name the local agent, e.g. consul://127.0.0.1:8500");
        }

        address.CheckParameters(Parameters);

        var wait = address.DurationParameter("wait", TimeSpan.FromSeconds(30));
        if (wait > MaxWait)
        {
            throw new FormatException($"consul: wait={address.Query["wait"]} is longer than Consul's limit of 10m");
        }

        var token = address.Query.TryGetValue("token", out var text) && text.Length > 0 ? text : null;
        var (host, port) = endpoints[0];
        return new ConsulSettings(
            host,
            port,
            address.DurationParameter("ttl", TimeSpan.FromSeconds(10)),
            address.DurationParameter("deregisterAfter", TimeSpan.FromMinutes(1)),
            token,
            wait);
    }

    public override string ToString() => $"consul agent {Agent}";
}
