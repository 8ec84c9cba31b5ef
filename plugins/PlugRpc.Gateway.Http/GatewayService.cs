using Autofac;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PlugRpc.Plugins;

namespace PlugRpc.Gateway.Http;

/// <summary>
/// Runs the gateway's web application with the host: it starts once every hosted service has (so the host's RPC
/// server already listens and in-process calls find it) and stops after them (so the HTTP port, and what other
/// plugins put on it, stays up while the server drains).
/// </summary>
public sealed class GatewayService : IHostedLifecycleService, IAsyncDisposable
{
    private readonly GatewayAddress address;
    private readonly GatewaySettings settings;
    private readonly IComponentContext container;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger logger;
    private WebApplication? app;

    internal GatewayService(GatewayAddress address, GatewaySettings settings, IComponentContext container)
    {
        this.address = address;
        this.settings = settings;
        this.container = container;
        loggerFactory = container.TryResolve<ILoggerFactory>(out var factory) ? factory : NullLoggerFactory.Instance;
        logger = loggerFactory.CreateLogger<GatewayService>();
    }

    /// <summary>The URLs the gateway listens on once started (port 0 reports the port chosen).</summary>
    public IReadOnlyList<string> Urls { get; private set; } = [];

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var built = GatewayApp.Build(address, settings, container, loggerFactory);
        try
        {
            await built.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await built.DisposeAsync().ConfigureAwait(false);
            throw new PluginSettingsException($"gateway: cannot listen on {address}: {ex.Message}", ex);
        }

        app = built;
        Urls = [.. built.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];
        logger.LogInformation("gateway listening on {Urls}: POST /{{Service}}/{{Method}} with JSON, and go-rpc's POST /invoke", string.Join(", ", Urls));
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation("gateway stopped");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
