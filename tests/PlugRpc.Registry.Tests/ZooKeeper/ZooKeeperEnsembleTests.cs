using PlugRpc.Discovery;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Registry.Tests.Infrastructure;
using PlugRpc.Registry.ZooKeeper;

namespace PlugRpc.Registry.Tests.ZooKeeper;

/// <summary>
/// A three-member ensemble losing one member at a time (SIGKILL): the member the session is on, then the leader.
/// The session moves to a survivor and lives on, so its ephemeral node stays; listing and registering carry on.
/// </summary>
public sealed class ZooKeeperEnsembleTests(ZooKeeperEnsemble ensemble) : IClassFixture<ZooKeeperEnsemble>
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(15);
    private readonly CancellationToken none = CancellationToken.None;
    private readonly string root = "ensemble-" + Guid.NewGuid().ToString("N")[..8];

    [ZooKeeperFact]
    public async Task Losing_the_sessions_member_and_then_the_leader_keeps_the_session_its_node_and_the_registry_working()
    {
        await using var serverSide = Open();
        await using var clientSide = Open();
        var held = await Holding.StartAsync(serverSide, ZooKeeperRegistryTests.Registration("arith", "tcp://127.0.0.1:7200"));
        var session = serverSide.Client.Current!;
        var sessionId = session.Id;

        // 1. The member the holding session is on.
        var sessionsMember = ensemble.IndexOf(session.Member);
        Assert.True(sessionsMember >= 0, $"the session is on {session.Member}, not a member");
        ensemble.Kill(sessionsMember);
        await Eventually.TrueAsync(() => session.Connections > 1 && session.Member != ensemble.EndpointOf(sessionsMember), "the session moved to a survivor");
        await AssertCarriesOnAsync(serverSide, clientSide, held, sessionId, "tcp://127.0.0.1:7201");
        await ensemble.RestartAsync(sessionsMember);

        // 2. The leader: every survivor drops its clients during the election; a waiting listing wakes and lists again.
        var listed = await clientSide.ListAsync("arith", null, none);
        var waiting = clientSide.ListAsync("arith", listed, none);
        var leader = await ensemble.LeaderAsync();
        ensemble.Kill(leader);
        var relisted = await waiting.WaitAsync(Recovery);
        Assert.Contains(relisted.Instances, i => i.Address == "tcp://127.0.0.1:7200");
        await AssertCarriesOnAsync(serverSide, clientSide, held, sessionId, "tcp://127.0.0.1:7202");
        await ensemble.RestartAsync(leader);

        await held.DisposeAsync();
    }

    private static async Task AssertCarriesOnAsync(ZooKeeperRegistry serverSide, ZooKeeperRegistry clientSide, Holding held, long sessionId, string another)
    {
        Assert.False(held.Run.IsCompleted, $"HoldAsync ended: {held.Run.Exception?.InnerException?.Message}");
        Assert.Equal(sessionId, serverSide.Client.Current!.Id);

        // A new registration (through whichever member each registry's session is on now) is seen by the lister.
        var other = await Holding.StartAsync(serverSide, ZooKeeperRegistryTests.Registration("arith", another)).WaitAsync(Recovery);
        await Eventually.TrueAsync(
            async () =>
            {
                var addresses = (await clientSide.ListAsync("arith", null, CancellationToken.None)).Instances.Select(i => i.Address).ToList();
                return addresses.Contains("tcp://127.0.0.1:7200") && addresses.Contains(another);
            },
            "both instances listed",
            Recovery);

        var owner = (await (await ZooKeeperTree.SessionAsync(clientSide)).ExistsAsync(
            "/" + serverSide.Address.Path.TrimStart('/') + "/arith/tcp@127.0.0.1:7200", false, CancellationToken.None)).Stat;
        Assert.Equal(sessionId, owner?.EphemeralOwner);
        Assert.False(held.Run.IsCompleted, "HoldAsync ended");
        await other.DisposeAsync();
        await serverSide.RemoveAsync(ZooKeeperRegistryTests.Registration("arith", another), CancellationToken.None);
    }

    private ZooKeeperRegistry Open() => new(RegistryAddress.Parse(ensemble.UrlFor(root)));
}
