using Autofac;
using Microsoft.Extensions.Hosting;
using PlugRpc.Components;
using PlugRpc.Options;
using PlugRpc.Server;
using PlugRpc.Transport;

namespace PlugRpc.Hosting;

/// <summary>
/// Runs the RPC server for the lifetime of the host, stopping it gracefully with the host; the host's
/// <see cref="ILocalCalls"/>, which serve nothing until the server listens.
/// </summary>
public sealed class RpcServerService : IHostedService, IAsyncDisposable, ILocalCalls
{
    private readonly ILifetimeScope container;
    private readonly ServerOptions options;
    private readonly ServiceTypeList services;
    private volatile RpcServer? server;

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

        var created = container.CreateRpcServer(options);
        foreach (var type in services.Types)
        {
            created.AddService(container.Resolve(type));
        }

        server = created;
        foreach (var address in options.Addresses)
        {
            await created.ListenAsync(address, cancellationToken).ConfigureAwait(false);
        }
    }

    public bool Serves(string serviceName) => server?.Serves(serviceName) ?? false;

    public Task<JsonReply> CallJsonAsync(JsonCall call, CancellationToken cancellationToken = default) =>
        server?.CallJsonAsync(call, cancellationToken)
            ?? Task.FromException<JsonReply>(new RpcException(RpcStatusCode.Unavailable, "this host's server has not started"));

    public Task StopAsync(CancellationToken cancellationToken) => server?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
