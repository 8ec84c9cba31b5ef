using Microsoft.Extensions.Diagnostics.HealthChecks;
using PlugRpc.Discovery;
using PlugRpc.Hosting.Health;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Registry.Tests.Infrastructure;
using PlugRpc.Registry.ZooKeeper;

namespace PlugRpc.Registry.Tests.ZooKeeper;

/// <summary>
/// The client's empty-list grace against a real ZooKeeper: the only server's node vanishes while it still serves,
/// as every node does when an outage outlasts the hosts' sessions, and the client keeps calling it through the
/// grace, then lets it go.
/// </summary>
[Collection(ZooKeeperCollection.Name)]
public sealed class ZooKeeperEmptyListGraceTests(ZooKeeperServer server)
{
    [ZooKeeperFact]
    public async Task A_server_whose_node_vanishes_is_called_through_the_grace_then_let_go()
    {
        var url = server.UrlFor("grace-" + Guid.NewGuid().ToString("N")[..8]);
        await using var bed = new RegistryBed();
        var serving = await bed.StartServerAsync(url, "arith");
        var client = bed.CreateClient(url, "arith", o => o.EmptyListGrace = TimeSpan.FromSeconds(3));
        await RegistryBed.AddAsync(client, 1, 1);
        await using var outside = new ZooKeeperRegistry(RegistryAddress.Parse(url));

        HealthCheckResult health = default;
        var (calls, failures) = await RegistryBed.UnderLoadAsync(client, async () =>
        {
            await outside.RemoveAsync(serving.Registrations[0].Registration, CancellationToken.None);
            await Eventually.TrueAsync(() => client.Discovery.Problem is not null, "the client holding off the empty list", TimeSpan.FromSeconds(2));
            health = await HealthProbe.RunAsync(new ClientHeartbeatCheck(() => client));
            await Task.Delay(TimeSpan.FromSeconds(1));
        });

        Assert.Equal(0, failures);
        Assert.True(calls > 50, $"only {calls} calls made");
        Assert.Equal(serving.ListenAddresses[0].ToString(), Assert.Single(client.Instances).Address);
        Assert.Contains("the registry lists no server; calling the 1 instances it listed before", client.Discovery.Problem);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("the list may be stale: the registry lists no server", health.Description);

        await Eventually.TrueAsync(() => client.Instances.Count == 0, "the instance let go once the grace ran out", TimeSpan.FromSeconds(10));
        var failure = await Assert.ThrowsAsync<RpcException>(() => RegistryBed.AddAsync(client, 1, 1));
        Assert.Equal(RpcStatusCode.Unavailable, failure.StatusCode);
        Assert.Contains("no server is registered under app key 'arith'", failure.Message);
    }
}
