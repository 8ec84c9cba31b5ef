namespace PlugRpc.Registry.Tests.Infrastructure;

/// <summary>
/// Which registry servers this machine has. The test command (scripts/test.sh) installs them and sets
/// PLUGRPC_REQUIRE_REGISTRIES=1, so there a missing one fails its tests; a bare `dotnet test` skips them instead.
/// </summary>
internal static class RegistryServers
{
    public const string ZooKeeperJar = "/usr/share/java/zookeeper.jar";
    public const string Slf4jSimpleJar = "/usr/share/java/slf4j-simple.jar";

    public static bool Required => Environment.GetEnvironmentVariable("PLUGRPC_REQUIRE_REGISTRIES") == "1";

    public static bool HasZooKeeper => File.Exists(ZooKeeperJar) && Which("java") is not null;

    public static string? Etcd => Which("etcd");

    /// <summary>Why tests needing <paramref name="server"/> ("zookeeper" or "etcd") are skipped here, or null when they run.</summary>
    public static string? SkipReason(string server)
    {
        var installed = server switch
        {
            "zookeeper" => HasZooKeeper,
            "etcd" => Etcd is not null,
            _ => throw new ArgumentException($"unknown registry server '{server}'", nameof(server)),
        };
        return installed || Required ? null : $"{server} is not installed; scripts/test.sh installs it";
    }

    public static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}

/// <summary>A test that needs a ZooKeeper server: skipped where none is installed, unless the test command requires it.</summary>
public sealed class ZooKeeperFactAttribute : FactAttribute
{
    public ZooKeeperFactAttribute()
    {
        Skip = RegistryServers.SkipReason("zookeeper");
    }
}

/// <summary>A test that needs etcd: skipped where it is not installed, unless the test command requires it.</summary>
public sealed class EtcdFactAttribute : FactAttribute
{
    public EtcdFactAttribute()
    {
        Skip = RegistryServers.SkipReason("etcd");
    }
}
