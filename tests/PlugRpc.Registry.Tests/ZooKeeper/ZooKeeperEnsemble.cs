using System.Globalization;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Registry.Tests.Infrastructure;

namespace PlugRpc.Registry.Tests.ZooKeeper;

/// <summary>
/// A three-member ZooKeeper ensemble on loopback (tickTime 500 ms): members can be killed (SIGKILL) and restarted
/// one at a time; the leader is the member whose `srvr` says so.
/// </summary>
public sealed class ZooKeeperEnsemble : IRegistryServer, IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "plugrpc-zkens-" + Guid.NewGuid().ToString("N"));
    private readonly List<ZooKeeperMember> members = [];

    public ZooKeeperEnsemble()
    {
        var ports = Enumerable.Range(1, 3).Select(id => (Id: id, Client: FreePort.Next(), Peer: FreePort.Next(), Election: FreePort.Next())).ToList();
        var lines = ports.Select(p => string.Create(CultureInfo.InvariantCulture, $"server.{p.Id}=127.0.0.1:{p.Peer}:{p.Election}")).ToList();
        foreach (var p in ports)
        {
            members.Add(new ZooKeeperMember(Path.Combine(directory, "m" + p.Id), p.Client, (p.Id, lines)));
        }
    }

    public int Count => members.Count;

    /// <summary>The connect string, every member.</summary>
    public string Hosts => string.Join(",", members.Select(m => m.Endpoint));

    public string UrlFor(string root) => UrlFor(root, TimeSpan.FromSeconds(4));

    public string UrlFor(string root, TimeSpan sessionTimeout) =>
        $"zookeeper://{Hosts}/{root.TrimStart('/')}?sessionTimeout={sessionTimeout.TotalMilliseconds:0}ms";

    /// <summary>The index of the member listening on <paramref name="endpoint"/> (host:port).</summary>
    public int IndexOf(string endpoint) => members.FindIndex(m => m.Endpoint == endpoint);

    public string EndpointOf(int index) => members[index].Endpoint;

    /// <summary>The index of the leader; waits (bounded) while an election runs.</summary>
    public async Task<int> LeaderAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            for (var i = 0; i < members.Count; i++)
            {
                if (members[i].Running && await members[i].ModeAsync() == "leader")
                {
                    return i;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("the ensemble has no leader; logs:\n" + string.Join("\n----\n", members.Select(m => m.Log)));
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Crashes member <paramref name="index"/> (SIGKILL).</summary>
    public void Kill(int index) => members[index].Kill();

    /// <summary>Starts member <paramref name="index"/> again with its data; returns once it serves.</summary>
    public async Task RestartAsync(int index)
    {
        members[index].Start();
        await members[index].WaitServingAsync();
    }

    public async Task StopAsync()
    {
        foreach (var member in members)
        {
            await member.StopAsync();
        }
    }

    public async Task StartAsync()
    {
        members.ForEach(m => m.Start());
        foreach (var member in members)
        {
            await member.WaitServingAsync();
        }
    }

    /// <summary>Starts the members where ZooKeeper is installed (elsewhere the tests using it are skipped, or fail when required).</summary>
    public Task InitializeAsync() => RegistryServers.HasZooKeeper ? StartAsync() : Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        foreach (var member in members)
        {
            await member.DisposeAsync();
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
