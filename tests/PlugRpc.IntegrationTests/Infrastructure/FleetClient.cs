using Autofac;
using PlugRpc.Client;
using PlugRpc.Components;
using PlugRpc.Fixtures.Fleet;
using PlugRpc.Options;
using PlugRpc.Plugins;

namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>
/// An in-test client of a fleet, in a container of its own (TestBed's plugins, the ones a test adds, and the
/// <see cref="FleetInstanceSpy"/> as the instance filter "spy"), with the fleet's calls typed.
/// </summary>
internal sealed class FleetClient : IAsyncDisposable
{
    private readonly IContainer container;

    private FleetClient(IContainer container, RpcClient client, FleetInstanceSpy spy)
    {
        this.container = container;
        Client = client;
        Spy = spy;
    }

    public RpcClient Client { get; }

    /// <summary>Counts attempts per host when the client's filters list <see cref="FleetInstanceSpy.Name"/>.</summary>
    public FleetInstanceSpy Spy { get; }

    /// <summary>The client's state of the instance at <paramref name="host"/> (degraded, breaker, outstanding …).</summary>
    public Discovery.InstanceState StateOf(FleetHost host) => Client.Instances.Single(i => i.Address == host.Address);

    /// <param name="plugins">Registers more plugins, e.g. a filter plugin with its settings.</param>
    public static FleetClient Create(ClientOptions options, Action<ContainerBuilder>? plugins = null)
    {
        var spy = new FleetInstanceSpy();
        var container = TestBed.BuildContainer(b =>
        {
            b.RegisterInstanceFilter(FleetInstanceSpy.Name, (_, _) => spy);
            plugins?.Invoke(b);
        });
        return new FleetClient(container, container.CreateRpcClient(options), spy);
    }

    /// <summary>
    /// One Work call; the reply is checked to be this call's own (same id, value + 1). <paramref name="pooled"/> takes
    /// CallPooledAsync, whose call objects are reused: an answer that reached a call twice would show there as a
    /// later call's wrong reply.
    /// </summary>
    public async Task<WorkReply> WorkAsync(long id, CallOptions? options = null, bool pooled = false)
    {
        var request = new WorkRequest { Id = id, Value = id * 7 };
        var reply = pooled
            ? await Client.CallPooledAsync<WorkRequest, WorkReply>("FleetService.Work", request, options)
            : await Client.CallAsync<WorkRequest, WorkReply>("FleetService.Work", request, options);
        if (reply.Id != id || reply.Value != (id * 7) + 1)
        {
            throw new InvalidOperationException($"call {id} got the reply of another call: id {reply.Id}, value {reply.Value} from {reply.Host}");
        }

        return reply;
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await container.DisposeAsync();
    }
}
