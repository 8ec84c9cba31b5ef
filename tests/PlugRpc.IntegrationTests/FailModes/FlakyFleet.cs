using Autofac;
using PlugRpc.Client;
using PlugRpc.Components;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;
using PlugRpc.Samples.Arith;
using PlugRpc.Server;

namespace PlugRpc.IntegrationTests.FailModes;

/// <summary>Servers on loopback in this process, each with its own <see cref="FlakyService"/>, and clients of all of them.</summary>
internal sealed class FlakyFleet : IAsyncDisposable
{
    private readonly List<RpcServer> servers = [];
    private readonly List<RpcClient> clients = [];

    private FlakyFleet(IContainer container)
    {
        Container = container;
    }

    public IContainer Container { get; }

    public List<FlakyService> Services { get; } = [];

    public List<string> Addresses { get; } = [];

    public static async Task<FlakyFleet> StartAsync(int count, TimeSpan? idleTimeout = null)
    {
        var fleet = new FlakyFleet(TestBed.BuildContainer());
        for (var i = 0; i < count; i++)
        {
            await fleet.AddServerAsync("tcp://127.0.0.1:0", idleTimeout);
        }

        return fleet;
    }

    /// <summary>One server listening on <paramref name="address"/>.</summary>
    public static async Task<FlakyFleet> StartOnAsync(string address)
    {
        var fleet = new FlakyFleet(TestBed.BuildContainer());
        await fleet.AddServerAsync(address, null);
        return fleet;
    }

    private async Task AddServerAsync(string address, TimeSpan? idleTimeout)
    {
        var options = new ServerOptions { ShutdownWait = TimeSpan.FromSeconds(1) };
        if (idleTimeout is { } idle)
        {
            options.IdleTimeout = idle;
        }

        var server = Container.CreateRpcServer(options);
        var service = new FlakyService($"server{servers.Count}");
        server.AddService(service);
        Addresses.Add((await server.ListenAsync(address)).ToString());
        servers.Add(server);
        Services.Add(service);
    }

    /// <summary>An address where nothing listens: connecting is refused.</summary>
    public static string DeadAddress() => $"tcp://127.0.0.1:{FreePort.Next()}";

    public RpcClient Client(Action<ClientOptions> configure)
    {
        var options = new ClientOptions { Addresses = [.. Addresses], Selector = "roundrobin", RequestTimeout = TimeSpan.FromSeconds(5) };
        configure(options);
        var client = Container.CreateRpcClient(options);
        clients.Add(client);
        return client;
    }

    public static Task<ArithResponse> AddAsync(RpcClient client, long a, long b, CallOptions? options = null) =>
        client.CallAsync<ArithRequest, ArithResponse>("Flaky.Add", new ArithRequest { A = a, B = b }, options);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }

        await Container.DisposeAsync();
    }
}
