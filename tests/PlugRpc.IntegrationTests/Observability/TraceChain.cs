using PlugRpc.Client;
using PlugRpc.Components;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;
using PlugRpc.Server;

namespace PlugRpc.IntegrationTests.Observability;

/// <summary>
/// A client of server A, whose Relay.Forward calls server B's ArithService.Add through a client of B: three
/// processes' worth of hops in one, over real loopback sockets, with the auth filter on every side.
/// </summary>
internal sealed class TraceChain : IAsyncDisposable
{
    private TraceChain(TestBed b, RpcServer a, RpcClient client)
    {
        B = b;
        A = a;
        Client = client;
    }

    public TestBed B { get; }

    public RpcServer A { get; }

    public RpcClient Client { get; }

    public string AddressOfA => A.ListenAddresses[0].ToString();

    public static async Task<TraceChain> StartAsync()
    {
        var b = await TestBed.StartAsync();
        var a = b.Container.CreateRpcServer(new ServerOptions { Filters = ["auth"], ShutdownWait = TimeSpan.FromSeconds(1) });
        a.AddService(new RelayService(b.Client));
        var address = (await a.ListenAsync("tcp://127.0.0.1:0")).ToString();
        var client = b.Container.CreateRpcClient(new ClientOptions { Addresses = [address], Filters = ["auth"], RequestTimeout = TimeSpan.FromSeconds(5) });
        return new TraceChain(b, a, client);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}
