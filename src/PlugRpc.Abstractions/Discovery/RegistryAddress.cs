namespace PlugRpc.Discovery;

/// <summary>
/// Where a registry is, as a URL whose scheme picks the registry plugin: <c>zookeeper://h1:2181,h2:2181/base/path</c>,
/// <c>etcd://h1:2379/prefix</c>, <c>consul://h:8500</c>, <c>memory://</c>, <c>file:///a/folder</c>. Query parameters
/// (<c>?sessionTimeout=4s</c>) are the registry's own settings.
/// </summary>
public sealed class RegistryAddress
{
    private const string Separator = "://";

    private RegistryAddress(string text, string scheme, IReadOnlyList<string> hosts, string path, IReadOnlyDictionary<string, string> query)
    {
        Text = text;
        Scheme = scheme;
        Hosts = hosts;
        Path = path;
        Query = query;
    }

    /// <summary>The URL as written.</summary>
    public string Text { get; }

    /// <summary>Lower case, e.g. "zookeeper".</summary>
    public string Scheme { get; }

    /// <summary>The members named, each "host" or "host:port" as written; empty for <c>memory://</c> and <c>file:///…</c>.</summary>
    public IReadOnlyList<string> Hosts { get; }

    /// <summary>The path, starting with '/' unless empty; never ending with '/' (except the root "/").</summary>
    public string Path { get; }

    public IReadOnlyDictionary<string, string> Query { get; }

    /// <exception cref="FormatException">Not a registry URL; the message says why in one line.</exception>
    public static RegistryAddress Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("the registry URL is empty; expected scheme://hosts/path such as zookeeper://127.0.0.1:2181/plugrpc or memory://");
        }

        var separator = text.IndexOf(Separator, StringComparison.Ordinal);
        if (separator <= 0)
        {
            throw new FormatException($"registry '{text}' is not a URL; expected scheme://hosts/path such as zookeeper://127.0.0.1:2181/plugrpc or memory://");
        }

        var scheme = text[..separator].ToLowerInvariant();
        if (!scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
        {
            throw new FormatException($"registry '{text}' has a malformed scheme '{scheme}'");
        }

        var rest = text[(separator + Separator.Length)..];
        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var questionMark = rest.IndexOf('?');
        if (questionMark >= 0)
        {
            foreach (var pair in rest[(questionMark + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=');
                if (equals <= 0)
                {
                    throw new FormatException($"registry '{text}' has a malformed query parameter '{pair}'; expected name=value");
                }

                query[Uri.UnescapeDataString(pair[..equals])] = Uri.UnescapeDataString(pair[(equals + 1)..]);
            }

            rest = rest[..questionMark];
        }

        var slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? string.Empty : rest[slash..];
        if (path.Length > 1)
        {
            path = path.TrimEnd('/');
            if (path.Length == 0)
            {
                path = "/";
            }
        }

        var hosts = new List<string>();
        foreach (var host in authority.Split(',', StringSplitOptions.TrimEntries))
        {
            if (host.Length == 0)
            {
                if (authority.Length > 0)
                {
                    throw new FormatException($"registry '{text}' names an empty host; separate hosts with single commas");
                }

                continue;
            }

            CheckHost(text, host);
            hosts.Add(host);
        }

        return new RegistryAddress(text, scheme, hosts, path, query);
    }

    /// <summary>Each host as (host, port), <paramref name="defaultPort"/> where none is written.</summary>
    public IReadOnlyList<(string Host, int Port)> Endpoints(int defaultPort) =>
        Hosts.Select(h => SplitHost(h, defaultPort)).ToList();

    /// <summary>The query parameter <paramref name="name"/> as a duration ("250ms", "2s", "1m" or milliseconds), or <paramref name="fallback"/>.</summary>
    /// <exception cref="FormatException">The parameter is present but not a duration.</exception>
    public TimeSpan DurationParameter(string name, TimeSpan fallback)
    {
        if (!Query.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return Plugins.DurationJsonConverter.TryParse(text, out var value) && value > TimeSpan.Zero
            ? value
            : throw new FormatException($"registry '{Text}': {name}={text} is not a positive duration such as 500ms, 4s or 1m");
    }

    /// <summary>Refuses a query parameter the registry does not know (a misspelt one is never silently ignored).</summary>
    /// <exception cref="FormatException">One line naming the parameter and those there are.</exception>
    public void CheckParameters(params string[] known)
    {
        var unknown = Query.Keys.FirstOrDefault(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase));
        if (unknown is not null)
        {
            throw new FormatException($"{Scheme} has no parameter '{unknown}'; it takes {(known.Length == 0 ? "none" : string.Join(", ", known))}");
        }
    }

    public override string ToString() => Text;

    private static void CheckHost(string text, string host)
    {
        var colon = host.LastIndexOf(':');
        var closing = host.LastIndexOf(']');
        if (colon > closing && colon >= 0)
        {
            if (colon == 0 || !int.TryParse(host.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
            {
                throw new FormatException($"registry '{text}' has a malformed host '{host}'; expected host or host:port with a port from 1 to 65535");
            }
        }

        if (host.Contains('@') || host.Contains(' '))
        {
            throw new FormatException($"registry '{text}' has a malformed host '{host}'");
        }
    }

    private static (string Host, int Port) SplitHost(string host, int defaultPort)
    {
        var colon = host.LastIndexOf(':');
        var closing = host.LastIndexOf(']');
        var (name, port) = colon > closing && colon > 0 ? (host[..colon], int.Parse(host.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture)) : (host, defaultPort);
        return (name.TrimStart('[').TrimEnd(']'), port);
    }
}
