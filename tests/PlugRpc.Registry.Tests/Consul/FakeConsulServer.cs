using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Connections;
using PlugRpc.Registry.Tests.Infrastructure;

namespace PlugRpc.Registry.Tests.Consul;

/// <summary>
/// An in-process fake Consul agent on a free loopback port, speaking Consul's agent HTTP API over real HTTP (Kestrel);
/// no Consul server can be installed here. Stopping closes the port and drops the connections in flight; starting
/// again listens on the same port as a dev agent restarted: its services are forgotten and its index starts over
/// (lower than before), so registrations must come back by themselves.
/// </summary>
public sealed class FakeConsulServer : IRegistryServer
{
    private readonly FakeConsulTimings timings;
    private readonly string? aclToken;
    private readonly string urlParameters;
    private WebApplication? app;
    private FakeConsulAgent? agent;

    /// <param name="urlParameters">Appended to every URL <see cref="UrlFor"/> gives, e.g. "ttl=1s".</param>
    /// <param name="aclToken">When set, every request must carry this token.</param>
    public FakeConsulServer(string urlParameters = "", string? aclToken = null)
        : this(FakeConsulTimings.Fast, urlParameters, aclToken)
    {
    }

    internal FakeConsulServer(FakeConsulTimings timings, string urlParameters = "", string? aclToken = null)
    {
        this.timings = timings;
        this.aclToken = aclToken;
        this.urlParameters = urlParameters;
    }

    /// <summary>The port it listens on: picked on the first start, kept for restarts.</summary>
    public int Port { get; private set; }

    /// <summary>The agent serving now; a new one after each start.</summary>
    internal FakeConsulAgent Agent => agent ?? throw new InvalidOperationException("the fake Consul agent is not running");

    public static async Task<FakeConsulServer> StartNewAsync(string urlParameters = "", string? aclToken = null)
    {
        var server = new FakeConsulServer(urlParameters, aclToken);
        await server.StartAsync();
        return server;
    }

    /// <summary>consul://127.0.0.1:port: one agent has no roots (a path means nothing to the plugin), so tests keep apart by app key.</summary>
    public string UrlFor(string root) =>
        $"consul://127.0.0.1:{Port}" + (urlParameters.Length > 0 ? "?" + urlParameters : string.Empty);

    public async Task StartAsync()
    {
        if (app is not null)
        {
            return;
        }

        // The first start takes a port the system picks (no race with other listeners); a restart wants that port
        // again, which a connection of someone else's may hold for a moment.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ListenAsync();
                return;
            }
            catch (IOException ex) when (ex.InnerException is AddressInUseException && Port != 0 && attempt < 40)
            {
                await Task.Delay(50);
            }
        }
    }

    public async Task StopAsync()
    {
        if (app is null)
        {
            return;
        }

        agent?.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        app = null;
        agent = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task ListenAsync()
    {
        var fresh = new FakeConsulAgent(timings);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port));
        var started = builder.Build();
        started.Run(new FakeConsulHttp(fresh, aclToken).HandleAsync);
        try
        {
            await started.StartAsync();
        }
        catch
        {
            fresh.Dispose();
            await started.DisposeAsync();
            throw;
        }

        Port = new Uri(started.Urls.Single()).Port;
        agent = fresh;
        app = started;
    }
}
