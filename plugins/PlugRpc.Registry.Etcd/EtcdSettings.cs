using System.Globalization;
using PlugRpc.Discovery;

namespace PlugRpc.Registry.Etcd;

/// <summary>
/// What an etcd:// URL says (the endpoints, the key prefix, the lease TTL) and the timings that follow from the TTL,
/// so that every wait of the plugin is bounded by the one setting a user gives.
/// </summary>
public sealed class EtcdSettings
{
    public const int DefaultPort = 2379;
    public const string DefaultPrefix = "/plugrpc";
    public const string TtlParameter = "ttl";

    public static readonly TimeSpan DefaultLeaseTtl = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan ShortestAttempt = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestAttempt = TimeSpan.FromSeconds(2);

    private EtcdSettings(IReadOnlyList<(string Host, int Port)> endpoints, string prefix, TimeSpan leaseTtl)
    {
        Endpoints = endpoints;
        Prefix = prefix;
        LeaseTtl = leaseTtl;
        EndpointList = string.Join(",", endpoints.Select(e => HostPort(e.Host, e.Port)));
        ConnectionString = string.Join(",", endpoints.Select(e => "http://" + HostPort(e.Host, e.Port)));
        KeepAliveInterval = leaseTtl / 3;
        AttemptTimeout = TimeSpan.FromTicks(Math.Clamp(KeepAliveInterval.Ticks, ShortestAttempt.Ticks, LongestAttempt.Ticks));
        UnreachableAfter = AttemptTimeout * 3;
    }

    public IReadOnlyList<(string Host, int Port)> Endpoints { get; }

    /// <summary>The endpoints as host:port, comma-separated, for messages.</summary>
    public string EndpointList { get; }

    /// <summary>The endpoints as dotnet-etcd takes them (http://host:port, comma-separated).</summary>
    public string ConnectionString { get; }

    /// <summary>The key prefix every app key lives under: "/plugrpc" by default, "" for a URL whose path is "/".</summary>
    public string Prefix { get; }

    /// <summary>The TTL of a registration's lease, whole seconds as etcd counts them.</summary>
    public TimeSpan LeaseTtl { get; }

    /// <summary>How often a held lease is kept alive: a third of its TTL, so two keep-alives may fail before it lapses.</summary>
    public TimeSpan KeepAliveInterval { get; }

    /// <summary>The deadline of one request: a call in flight while etcd elects a leader hangs until it, then is tried again.</summary>
    public TimeSpan AttemptTimeout { get; }

    /// <summary>How long requests are tried again before etcd counts as unreachable.</summary>
    public TimeSpan UnreachableAfter { get; }

    /// <summary>How long a waiting listing waits for a change before it lists again anyway.</summary>
    public TimeSpan WatchWindow { get; } = TimeSpan.FromSeconds(30);

    /// <exception cref="FormatException">No host, a TTL that is not a whole number of seconds from 1, or an unknown parameter; one line.</exception>
    public static EtcdSettings Parse(RegistryAddress address)
    {
        if (address.Hosts.Count == 0)
        {
            throw new FormatException("etcd names no endpoint; expected etcd://host:2379[,host:2379…][/prefix][?ttl=10s]");
        }

        address.CheckParameters(TtlParameter);

        var ttl = address.DurationParameter(TtlParameter, DefaultLeaseTtl);
        if (ttl.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new FormatException($"etcd ttl={address.Query[TtlParameter]} is not a whole number of seconds, which is what an etcd lease's TTL is");
        }

        var prefix = address.Path switch
        {
            "" => DefaultPrefix,
            "/" => string.Empty,
            var path => path,
        };
        return new EtcdSettings(address.Endpoints(DefaultPort), prefix, ttl);
    }

    private static string HostPort(string host, int port) =>
        (host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);
}
