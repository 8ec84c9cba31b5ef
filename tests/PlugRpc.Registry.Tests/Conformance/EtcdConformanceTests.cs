using PlugRpc.Registry.Tests.Etcd;
using PlugRpc.Registry.Tests.Infrastructure;

namespace PlugRpc.Registry.Tests.Conformance;

/// <summary>The registry-independent behaviours against a real etcd server (its fixture's URLs hold a 2 s lease TTL).</summary>
[NeedsRegistryServer("etcd")]
public sealed class EtcdConformanceTests(EtcdServer server) : RegistryConformance(server), IClassFixture<EtcdServer>
{
    protected override TimeSpan Expiry => TimeSpan.FromSeconds(2);

    protected override string ShortExpiry(string url) => url;

    protected override string Unreachable(int closedPort) => $"etcd://127.0.0.1:{closedPort}/plugrpc?ttl=2s";
}
