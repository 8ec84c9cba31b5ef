using PlugRpc.Discovery;

namespace PlugRpc.Registry.ZooKeeper;

/// <summary>
/// What a zookeeper:// URL says: the ensemble's members (port 2181 unless written), the base path (/plugrpc unless
/// written) and the session timeout (?sessionTimeout=, 10 s unless written); and the node paths under the base
/// in go-rpc's layout, &lt;base&gt;/&lt;appKey&gt;/&lt;network&gt;@&lt;address&gt;.
/// </summary>
internal sealed class ZooKeeperRegistrySettings
{
    public const int DefaultPort = 2181;
    public const string DefaultBasePath = "/plugrpc";
    public const string SessionTimeoutParameter = "sessionTimeout";
    public static readonly TimeSpan DefaultSessionTimeout = TimeSpan.FromSeconds(10);

    private ZooKeeperRegistrySettings(IReadOnlyList<(string Host, int Port)> members, string basePath, TimeSpan sessionTimeout)
    {
        Members = members;
        BasePath = basePath;
        SessionTimeout = sessionTimeout;
    }

    public IReadOnlyList<(string Host, int Port)> Members { get; }

    /// <summary>The base path without a trailing slash: empty for the root.</summary>
    public string BasePath { get; }

    public TimeSpan SessionTimeout { get; }

    /// <summary>The members as a connect string, host:port,host:port.</summary>
    public string Hosts => string.Join(",", Members.Select(m => $"{m.Host}:{m.Port}"));

    /// <exception cref="FormatException">Not a usable zookeeper:// URL; the message says why in one line.</exception>
    public static ZooKeeperRegistrySettings From(RegistryAddress address)
    {
        if (address.Hosts.Count == 0)
        {
            throw new FormatException($"registry '{address.Text}' names no ZooKeeper host; expected zookeeper://host:2181[,host:2181 ...]/base/path");
        }

        address.CheckParameters(SessionTimeoutParameter);

        var timeout = address.DurationParameter(SessionTimeoutParameter, DefaultSessionTimeout);
        if (timeout < TimeSpan.FromMilliseconds(1) || timeout > TimeSpan.FromHours(24))
        {
            throw new FormatException($"registry '{address.Text}': {SessionTimeoutParameter} must be from 1ms to 24h (the server clamps it to its own bounds, by default 2 to 20 ticks)");
        }

        var basePath = address.Path.Length == 0 ? DefaultBasePath : address.Path.TrimEnd('/');
        foreach (var segment in basePath.Split('/').Skip(1))
        {
            if (!IsNodeName(segment))
            {
                throw new FormatException($"registry '{address.Text}' has the path '{address.Path}', which is not a ZooKeeper path such as /plugrpc or /services/rpc");
            }
        }

        return new ZooKeeperRegistrySettings(address.Endpoints(DefaultPort), basePath, timeout);
    }

    /// <summary>The app key's node, whose children are its instances and whose data is the last-update stamp.</summary>
    /// <exception cref="RegistryException">The app key cannot be a node name.</exception>
    public string AppPath(string appKey) =>
        IsNodeName(appKey)
            ? BasePath + "/" + appKey
            : throw new RegistryException($"app key '{appKey}' cannot be a ZooKeeper node name (it must be non-empty, without '/', and not . or ..)");

    /// <summary>The instance's node, &lt;base&gt;/&lt;appKey&gt;/&lt;network&gt;@&lt;address&gt;.</summary>
    /// <exception cref="RegistryException">The address has no node name ZooKeeper can hold.</exception>
    public string NodePath(ServiceRegistration registration)
    {
        string name;
        try
        {
            name = InstanceNodeName.Of(registration.Instance.Address);
        }
        catch (FormatException ex)
        {
            throw new RegistryException($"cannot register {registration} in ZooKeeper: {ex.Message}", ex);
        }

        return IsNodeName(name)
            ? AppPath(registration.AppKey) + "/" + name
            : throw new RegistryException($"cannot register {registration} in ZooKeeper: its node name '{name}' contains '/'");
    }

    private static bool IsNodeName(string name) =>
        name.Length > 0 && name is not "." and not ".." && !name.Contains('/') && !name.Any(char.IsControl);
}
