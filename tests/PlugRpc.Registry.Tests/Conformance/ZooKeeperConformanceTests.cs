using PlugRpc.Registry.Tests.Infrastructure;
using PlugRpc.Registry.Tests.ZooKeeper;

namespace PlugRpc.Registry.Tests.Conformance;

/// <summary>The registry-independent behaviours against a real ZooKeeper server (its fixture's URLs hold a 2 s session timeout).</summary>
[NeedsRegistryServer("zookeeper")]
public sealed class ZooKeeperConformanceTests(ZooKeeperServer server) : RegistryConformance(server), IClassFixture<ZooKeeperServer>
{
    protected override TimeSpan Expiry => TimeSpan.FromSeconds(2);

    protected override string ShortExpiry(string url) => url;

    protected override string Unreachable(int closedPort) => $"zookeeper://127.0.0.1:{closedPort}/plugrpc?sessionTimeout=2s";
}
