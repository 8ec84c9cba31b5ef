using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using PlugRpc.Diagnostics;
using PlugRpc.Hosting;
using PlugRpc.Hosting.Health;
using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests.Health;

/// <summary>The host registers PlugRpc's health checks under the liveness and readiness tags, and the figures for the /view pages.</summary>
public sealed class HostHealthTests : IDisposable
{
    private readonly string config = Path.Combine(Path.GetTempPath(), $"plugrpc-health-{Guid.NewGuid():N}.json");

    public HostHealthTests()
    {
        File.WriteAllText(config, RepoManifest.Load().ToJsonString());
    }

    public void Dispose() => File.Delete(config);

    [Fact]
    public async Task A_serving_host_is_live_and_ready_until_it_stops()
    {
        using var host = Host.CreateDefaultBuilder().UsePlugRpc(config, o => o.Addresses.Add("tcp://127.0.0.1:0")).Build();
        await host.StartAsync();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var live = await health.CheckHealthAsync(r => r.Tags.Contains(HealthTags.Live));
        var ready = await health.CheckHealthAsync(r => r.Tags.Contains(HealthTags.Ready));
        var all = await health.CheckHealthAsync();

        Assert.Equal([PlugRpcHealthChecks.ServerLive], live.Entries.Keys);
        Assert.Equal(HealthStatus.Healthy, live.Status);
        Assert.Equal([PlugRpcHealthChecks.Registry, PlugRpcHealthChecks.ServerReady], ready.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(HealthStatus.Healthy, ready.Status);
        Assert.DoesNotContain(PlugRpcHealthChecks.Client, all.Entries.Keys);

        await host.StopAsync();

        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync(r => r.Tags.Contains(HealthTags.Ready))).Status);
        Assert.Equal(HealthStatus.Degraded, (await health.CheckHealthAsync(r => r.Tags.Contains(HealthTags.Live))).Status);
    }

    [Fact]
    public async Task An_unreachable_registry_degrades_the_hosts_readiness_without_failing_it()
    {
        var registry = $"etcd://127.0.0.1:{FreePort.Next()}/health?ttl=2s";
        using var host = Host.CreateDefaultBuilder()
            .UsePlugRpc(config, o =>
            {
                o.Addresses.Add("tcp://127.0.0.1:0");
                o.ConfigureServer = server =>
                {
                    server.Registry = registry;
                    server.AppKey = "arith";
                    server.DeregisterDelay = TimeSpan.Zero;
                };
            })
            .Build();
        await host.StartAsync();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        HealthReport? ready = null;
        await Eventually.TrueAsync(
            async () => (ready = await health.CheckHealthAsync(r => r.Tags.Contains(HealthTags.Ready))).Entries[PlugRpcHealthChecks.Registry].Description?.Contains("cannot be reached", StringComparison.Ordinal) == true,
            "the registry check says etcd cannot be reached",
            TimeSpan.FromSeconds(15));
        await host.StopAsync();

        Assert.Equal(HealthStatus.Degraded, ready!.Status);
        Assert.Equal(HealthStatus.Degraded, ready.Entries[PlugRpcHealthChecks.Registry].Status);
        Assert.Equal(HealthStatus.Degraded, ready.Entries[PlugRpcHealthChecks.ServerReady].Status);
    }

    [Fact]
    public async Task A_host_that_only_calls_is_ready_when_its_servers_answer()
    {
        await using var bed = await TestBed.StartAsync();
        using var host = Host.CreateDefaultBuilder()
            .UsePlugRpc(config, o =>
            {
                o.Serve = false;
                o.ConfigureClient = client => client.Addresses = [bed.Address];
            })
            .Build();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var ready = await health.CheckHealthAsync(r => r.Tags.Contains(HealthTags.Ready));

        Assert.Equal([PlugRpcHealthChecks.Client], ready.Entries.Keys);
        Assert.Equal(HealthStatus.Healthy, ready.Status);
    }

    [Fact]
    public async Task The_host_figures_report_its_health_checks()
    {
        using var host = Host.CreateDefaultBuilder().UsePlugRpc(config, o => o.Addresses.Add("tcp://127.0.0.1:0")).Build();
        await host.StartAsync();

        var health = await host.Services.GetRequiredService<IHostFigures>().HealthAsync();
        await host.StopAsync();

        Assert.Equal("Healthy", health.Status);
        Assert.Equal([PlugRpcHealthChecks.Registry, PlugRpcHealthChecks.ServerReady, PlugRpcHealthChecks.ServerLive], health.Checks.Select(c => c.Name));
        var server = health.Checks.Single(c => c.Name == PlugRpcHealthChecks.ServerReady);
        Assert.Equal([HealthTags.Ready, HealthTags.PlugRpc], server.Tags);
        Assert.StartsWith("serving on tcp://127.0.0.1:", server.Description);
        Assert.Contains("ArithService", server.Data["services"]);
        Assert.StartsWith("OK - Healthy | plugrpc-registry Healthy", health.Summary);
    }
}
