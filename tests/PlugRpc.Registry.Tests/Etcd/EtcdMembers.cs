using dotnet_etcd;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Registry.Tests.Infrastructure;

namespace PlugRpc.Registry.Tests.Etcd;

/// <summary>
/// etcd members on loopback, started by a test (one for <see cref="EtcdServer"/>, three for a cluster), each with
/// its own data folder and ports: stopped and started again with their data, or one of them killed and restarted.
/// </summary>
public abstract class EtcdMembers : IRegistryServer, IAsyncLifetime
{
    private static readonly TimeSpan ReadyBound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StartSpacing = TimeSpan.FromMilliseconds(100);

    private readonly string root = Directory.CreateTempSubdirectory("plugrpc-etcd-").FullName;
    private readonly int size;
    private List<EtcdMember> members = [];
    private int disposed;

    protected EtcdMembers(int size)
    {
        this.size = size;
    }

    /// <summary>Every member's host:port, comma-separated, as an etcd:// URL names them.</summary>
    public string Endpoints => string.Join(",", members.Select(m => m.Endpoint));

    public int Count => members.Count;

    /// <summary>The URL for PlugRpc with a lease TTL of 2 s, so expiry tests stay short.</summary>
    public string UrlFor(string root) => $"etcd://{Endpoints}/{root.Trim('/')}?ttl=2s";

    /// <summary>The URL naming one member only.</summary>
    public string UrlForMember(int index, string root) => $"etcd://{members[index].Endpoint}/{root.Trim('/')}?ttl=2s";

    /// <summary>A client of the test's own, for writes and reads behind the registry's back.</summary>
    public EtcdClient Client() => new(string.Join(",", members.Select(m => "http://" + m.Endpoint)));

    public async Task InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            members = NewMembers(attempt);
            try
            {
                await StartAsync();
                return;
            }
            catch (Exception) when (attempt < 3 && members.Any(m => m.LogTail.Contains("address already in use", StringComparison.Ordinal)))
            {
                await DisposeMembersAsync();
            }
        }
    }

    public async Task StartAsync()
    {
        foreach (var member in members.Where(m => !m.Running))
        {
            member.Start();
            await Task.Delay(StartSpacing);
        }

        await Task.WhenAll(members.Select(m => m.WaitReadyAsync(ReadyBound)));
    }

    public async Task StopAsync() => await Task.WhenAll(members.Select(m => m.StopAsync()));

    /// <summary>The index of the member that leads now (as the members say).</summary>
    public async Task<int> LeaderAsync()
    {
        for (var i = 0; i < members.Count; i++)
        {
            if (members[i].Running)
            {
                var (member, leader) = await members[i].StatusAsync();
                if (member == leader)
                {
                    return i;
                }
            }
        }

        throw new InvalidOperationException("no etcd member says it leads");
    }

    /// <summary>SIGKILL of one member.</summary>
    public void Kill(int index) => members[index].Kill();

    /// <summary>Starts a killed or stopped member again with its data; returns once it serves.</summary>
    public async Task RestartAsync(int index)
    {
        members[index].Start();
        await members[index].WaitReadyAsync(ReadyBound);
    }

    public async Task DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await DisposeMembersAsync();
        Directory.Delete(root, recursive: true);
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private List<EtcdMember> NewMembers(int attempt)
    {
        var ports = Enumerable.Range(0, size).Select(_ => (Client: FreePort.Next(), Peer: FreePort.Next())).ToList();
        var names = Enumerable.Range(1, size).Select(i => $"e{i}").ToList();
        var initialCluster = string.Join(",", names.Select((name, i) => $"{name}=http://127.0.0.1:{ports[i].Peer}"));
        var token = $"plugrpc-{Guid.NewGuid():N}";
        return names.Select((name, i) => new EtcdMember(
            name, Path.Combine(root, $"try{attempt}", name), ports[i].Client, ports[i].Peer, initialCluster, token)).ToList();
    }

    private async Task DisposeMembersAsync()
    {
        foreach (var member in members)
        {
            await member.DisposeAsync();
        }
    }
}
