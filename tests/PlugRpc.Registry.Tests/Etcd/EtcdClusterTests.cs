using PlugRpc.Discovery;
using PlugRpc.Registry.Tests.Infrastructure;
using static PlugRpc.Registry.Tests.Etcd.EtcdTestKit;

namespace PlugRpc.Registry.Tests.Etcd;

/// <summary>The etcd registry over a three-member cluster whose leader is killed (SIGKILL) and restarted.</summary>
public sealed class EtcdClusterTests(EtcdCluster cluster) : IClassFixture<EtcdCluster>
{
    private readonly string root = NewRoot();

    [EtcdFact]
    public async Task With_the_leader_killed_the_registration_stays_and_listing_and_watching_carry_on()
    {
        await using var holder = Open(cluster.UrlFor(root));
        await using var client = Open(cluster.UrlFor(root));
        await using var held = new HeldRegistration(holder, Registration("arith", 9201));
        await held.Registered.WaitAsync(Soon);
        var before = await client.ListAsync("arith", null, CancellationToken.None);
        var waiting = client.ListAsync("arith", before, CancellationToken.None);
        var leader = await cluster.LeaderAsync();

        cluster.Kill(leader);
        await using var latecomer = Open(cluster.UrlFor(root));
        await using var heldLate = new HeldRegistration(latecomer, Registration("arith", 9202));
        await heldLate.Registered.WaitAsync(Soon);
        var seen = await waiting.WaitAsync(Soon);
        while (seen.Instances.Count < 2)
        {
            seen = await client.ListAsync("arith", seen, CancellationToken.None).WaitAsync(Soon);
        }

        Assert.Equal(["tcp://127.0.0.1:9201", "tcp://127.0.0.1:9202"], Addresses(seen));
        await Task.Delay(Ttl + TimeSpan.FromSeconds(1));
        Assert.Equal(["tcp://127.0.0.1:9201", "tcp://127.0.0.1:9202"], Addresses(await client.ListAsync("arith", null, CancellationToken.None)));
        Assert.Empty(held.Losses);
        Assert.Equal(1, held.Registrations);

        await cluster.RestartAsync(leader);
        await using var viaRestarted = Open(cluster.UrlForMember(leader, root));
        Assert.Equal(["tcp://127.0.0.1:9201", "tcp://127.0.0.1:9202"], Addresses(await viaRestarted.ListAsync("arith", null, CancellationToken.None)));
    }
}
