using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PlugRpc.IntegrationTests.Infrastructure;
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
        Port = FreePort.Next();
    }

    public int Port { get; }

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

        var fresh = new FakeConsulAgent(timings);
        var http = new FakeConsulHttp(fresh, aclToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port));
        var started = builder.Build();
        started.Run(http.HandleAsync);
        await started.StartAsync();
        agent = fresh;
        app = started;
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
}
