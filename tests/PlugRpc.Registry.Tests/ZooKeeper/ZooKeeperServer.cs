using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Registry.Tests.Infrastructure;

namespace PlugRpc.Registry.Tests.ZooKeeper;

/// <summary>A standalone ZooKeeper server for a test class or collection (tickTime 500 ms, sessions from 1 s).</summary>
public sealed class ZooKeeperServer : IRegistryServer, IAsyncLifetime
{
    private readonly ZooKeeperMember member;

    public ZooKeeperServer()
    {
        member = new ZooKeeperMember(Path.Combine(Path.GetTempPath(), "plugrpc-zk-" + Guid.NewGuid().ToString("N")), FreePort.Next());
    }

    /// <summary>host:port of the server.</summary>
    public string Endpoint => member.Endpoint;

    public int Port => member.ClientPort;

    public IReadOnlyList<(string Host, int Port)> Members => [("127.0.0.1", member.ClientPort)];

    public string UrlFor(string root) => UrlFor(root, TimeSpan.FromSeconds(2));

    public string UrlFor(string root, TimeSpan sessionTimeout) =>
        $"zookeeper://{Endpoint}/{root.TrimStart('/')}?sessionTimeout={sessionTimeout.TotalMilliseconds:0}ms";

    public Task StopAsync() => member.StopAsync();

    public async Task StartAsync()
    {
        member.Start();
        await member.WaitServingAsync();
    }

    /// <summary>Starts the server where ZooKeeper is installed (elsewhere the tests using it are skipped, or fail when required).</summary>
    public Task InitializeAsync() => RegistryServers.HasZooKeeper ? StartAsync() : Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public ValueTask DisposeAsync() => member.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ZooKeeperCollection : ICollectionFixture<ZooKeeperServer>
{
    /// <summary>The tests that share one standalone server (each under a root of its own).</summary>
    public const string Name = "ZooKeeper server";
}
