using PlugRpc.Registry.Tests.Infrastructure;
using PlugRpc.Registry.Tests.ZooKeeper;
using Xunit.Abstractions;

namespace PlugRpc.Registry.Tests.Reliability;

/// <summary>The reliability run with the hosts registered in a real ZooKeeper server (2 s sessions).</summary>
[NeedsRegistryServer("zookeeper")]
[Collection(ReliabilityCollection.Name)]
public sealed class ZooKeeperReliabilityTests(ZooKeeperServer server, ITestOutputHelper output) : ReliabilitySuite(server, output), IClassFixture<ZooKeeperServer>
{
    protected override string RegistryName => "ZooKeeper";
}
