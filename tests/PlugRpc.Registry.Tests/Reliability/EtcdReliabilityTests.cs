using PlugRpc.Registry.Tests.Etcd;
using PlugRpc.Registry.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PlugRpc.Registry.Tests.Reliability;

/// <summary>The reliability run with the hosts registered in a real etcd server (2 s leases).</summary>
[NeedsRegistryServer("etcd")]
[Collection(ReliabilityCollection.Name)]
public sealed class EtcdReliabilityTests(EtcdServer server, ITestOutputHelper output) : ReliabilitySuite(server, output), IClassFixture<EtcdServer>
{
    protected override string RegistryName => "etcd";
}
