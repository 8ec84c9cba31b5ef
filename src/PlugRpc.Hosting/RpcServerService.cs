using Autofac;
using Microsoft.Extensions.Hosting;
using PlugRpc.Components;
using PlugRpc.Options;
using PlugRpc.Server;
using PlugRpc.Transport;

namespace PlugRpc.Hosting;

/// <summary>Runs the RPC server for the lifetime of the host, stopping it gracefully with the host.</summary>
public sealed class RpcServerService : IHostedService, IAsyncDisposable
{
    private readonly ILifetimeScope container;
    private readonly ServerOptions options;
    private readonly ServiceTypeList services;
    private RpcServer? server;

    internal RpcServerService(ILifetimeScope container, ServerOptions options, ServiceTypeList services)
    {
        this.container = container;
        this.options = options;
        this.services = services;
    }

    /// <summary>The server, once started; null before.</summary>
    public RpcServer? Server => server;

    /// <summary>The addresses bound, once started (port 0 reports the port chosen).</summary>
    public IReadOnlyList<RpcAddress> ListenAddresses => server?.ListenAddresses ?? [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Addresses.Count == 0)
        {
            throw new OptionsValidationException("server", ["no address to listen on: set server.addresses in plugins.json or pass --address"]);
        }

        server = container.CreateRpcServer(options);
        foreach (var type in services.Types)
        {
            server.AddService(container.Resolve(type));
        }

        foreach (var address in options.Addresses)
        {
            await server.ListenAsync(address, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => server?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
