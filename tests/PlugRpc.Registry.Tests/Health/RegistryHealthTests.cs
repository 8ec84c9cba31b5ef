using Microsoft.Extensions.Diagnostics.HealthChecks;
using PlugRpc.Hosting.Health;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;
using PlugRpc.Registry.Tests.Etcd;
using PlugRpc.Registry.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PlugRpc.Registry.Tests.Health;

/// <summary>The server's registry and readiness checks against a real etcd that stops and comes back.</summary>
public sealed class RegistryHealthTests(EtcdServer etcd, ITestOutputHelper output) : IClassFixture<EtcdServer>
{
    [EtcdFact]
    public async Task The_registry_check_fails_while_etcd_is_stopped_and_recovers_when_it_is_back()
    {
        await using var bed = new RegistryBed();
        var options = new ServerOptions();
        var server = await bed.StartServerAsync(etcd.UrlFor(EtcdTestKit.NewRoot()), "arith", o => options = o);
        var registry = new RegistryHealthCheck(() => server, options);
        var ready = new ServerHealthCheck(() => server, readiness: true);
        Assert.Equal(HealthStatus.Healthy, (await HealthProbe.RunAsync(registry)).Status);
        Assert.Equal(HealthStatus.Healthy, (await HealthProbe.RunAsync(ready)).Status);

        await etcd.StopAsync();
        var down = await HealthProbe.EventuallyAsync(registry, HealthStatus.Unhealthy);
        var notReady = await HealthProbe.RunAsync(ready);
        output.WriteLine($"{down.Description}\n{notReady.Description}");

        Assert.StartsWith($"{options.Registry} cannot be reached: ", down.Description);
        Assert.Contains($"etcd at {etcd.Endpoints}", down.Description);
        Assert.Equal(HealthStatus.Degraded, notReady.Status);

        await etcd.StartAsync();
        var back = await HealthProbe.EventuallyAsync(registry, HealthStatus.Healthy, TimeSpan.FromSeconds(30));

        Assert.Equal($"registered in {options.Registry}", back.Description);
        Assert.Equal(HealthStatus.Healthy, (await HealthProbe.RunAsync(ready)).Status);
    }
}
