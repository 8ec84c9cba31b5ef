using Microsoft.Extensions.Diagnostics.HealthChecks;
using PlugRpc.Client;
using PlugRpc.Components;
using PlugRpc.Hosting.Health;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;
using PlugRpc.Plugins;
using PlugRpc.Registry.Embedded;
using PlugRpc.Registry.Etcd;

namespace PlugRpc.IntegrationTests.Health;

/// <summary>PlugRpc's health checks over real servers, registries and clients: what each reports, and when it flips.</summary>
public sealed class HealthChecksTests
{
    [Fact]
    public async Task The_server_checks_flip_when_it_drains_readiness_fails_liveness_degrades()
    {
        await using var bed = await TestBed.StartAsync(configureServer: InMemoryRegistry(TimeSpan.FromSeconds(2)), extra: b => b.AddPlugin<EmbeddedRegistryPlugin>());
        await bed.Server.Registrations[0].Registered.WaitAsync(TimeSpan.FromSeconds(5));
        var ready = new ServerHealthCheck(() => bed.Server, readiness: true);
        var live = new ServerHealthCheck(() => bed.Server, readiness: false);
        Assert.Equal(HealthStatus.Healthy, (await HealthProbe.RunAsync(ready)).Status);
        Assert.Equal(HealthStatus.Healthy, (await HealthProbe.RunAsync(live)).Status);

        var stopping = bed.Server.StopAsync();
        var readyWhileDraining = await HealthProbe.RunAsync(ready);
        var liveWhileDraining = await HealthProbe.RunAsync(live);

        Assert.Equal(HealthStatus.Unhealthy, readyWhileDraining.Status);
        Assert.StartsWith("draining on tcp://127.0.0.1:", readyWhileDraining.Description);
        Assert.Equal(true, readyWhileDraining.Data["draining"]);
        Assert.Equal(HealthStatus.Degraded, liveWhileDraining.Status);
        await stopping;
        Assert.Equal(HealthStatus.Unhealthy, (await HealthProbe.RunAsync(ready)).Status);
    }

    [Fact]
    public async Task A_server_not_yet_made_or_listening_is_not_ready()
    {
        var ready = await HealthProbe.RunAsync(new ServerHealthCheck(() => null, readiness: true));
        var live = await HealthProbe.RunAsync(new ServerHealthCheck(() => null, readiness: false));

        Assert.Equal(HealthStatus.Unhealthy, ready.Status);
        Assert.Equal("not listening yet", ready.Description);
        Assert.Equal(HealthStatus.Degraded, live.Status);
    }

    [Fact]
    public async Task The_registry_check_is_healthy_once_registered_and_healthy_without_a_registry()
    {
        ServerOptions? options = null;
        await using var bed = await TestBed.StartAsync(
            configureServer: o =>
            {
                InMemoryRegistry(TimeSpan.Zero)(o);
                options = o;
            },
            extra: b => b.AddPlugin<EmbeddedRegistryPlugin>());
        await bed.Server.Registrations[0].Registered.WaitAsync(TimeSpan.FromSeconds(5));

        var registered = await HealthProbe.RunAsync(new RegistryHealthCheck(() => bed.Server, options!));
        var none = await HealthProbe.RunAsync(new RegistryHealthCheck(() => bed.Server, new ServerOptions()));

        Assert.Equal(HealthStatus.Healthy, registered.Status);
        Assert.Equal($"registered in {options!.Registry}", registered.Description);
        Assert.Equal("Registered", registered.Data[bed.Address]);
        Assert.Equal(HealthStatus.Healthy, none.Status);
    }

    [Fact]
    public async Task An_unreachable_registry_fails_the_registry_check_and_degrades_readiness()
    {
        var registry = $"etcd://127.0.0.1:{FreePort.Next()}/health?ttl=2s";
        ServerOptions? options = null;
        await using var bed = await TestBed.StartAsync(
            configureServer: o =>
            {
                options = o;
                o.Registry = registry;
                o.AppKey = "arith";
            },
            extra: b => b.AddPlugin<EtcdRegistryPlugin>());

        var failed = await HealthProbe.EventuallyAsync(new RegistryHealthCheck(() => bed.Server, options!), HealthStatus.Unhealthy);
        var ready = await HealthProbe.RunAsync(new ServerHealthCheck(() => bed.Server, readiness: true));

        Assert.StartsWith($"{registry} cannot be reached: ", failed.Description);
        Assert.Equal(HealthStatus.Degraded, ready.Status);
        Assert.Contains("not in its registry", ready.Description);
        Assert.Equal(2, (await bed.AddAsync(1, 1)).Reply);
    }

    [Fact]
    public async Task The_client_check_is_healthy_when_all_answer_degraded_when_some_do_unhealthy_when_none_does()
    {
        await using var bed = await TestBed.StartAsync();
        var closed = $"tcp://127.0.0.1:{FreePort.Next()}";
        await using var some = bed.Container.CreateRpcClient(new ClientOptions { Addresses = [bed.Address, closed], Selector = "random", RequestTimeout = TimeSpan.FromSeconds(3) });
        await using var none = bed.Container.CreateRpcClient(new ClientOptions { Addresses = [closed], RequestTimeout = TimeSpan.FromSeconds(3) });

        var all = await HealthProbe.RunAsync(new ClientHeartbeatCheck(() => bed.Client));
        var partly = await HealthProbe.RunAsync(new ClientHeartbeatCheck(() => some));
        var nobody = await HealthProbe.RunAsync(new ClientHeartbeatCheck(() => none));

        Assert.Equal(HealthStatus.Healthy, all.Status);
        Assert.EndsWith(" ms", (string)all.Data[bed.Address]);
        Assert.Equal(HealthStatus.Degraded, partly.Status);
        Assert.Equal($"1 of 2 instances answered a heartbeat; not {closed}", partly.Description);
        Assert.StartsWith("Unavailable: ", (string)partly.Data[closed]);
        Assert.Equal(HealthStatus.Unhealthy, nobody.Status);
        Assert.StartsWith($"none of the 1 instances answered a heartbeat ({closed}: Unavailable", nobody.Description);
    }

    [Fact]
    public async Task The_client_check_fails_with_no_instance_registered()
    {
        await using var container = TestBed.BuildContainer(b => b.AddPlugin<EmbeddedRegistryPlugin>());
        await using var client = container.CreateRpcClient(new ClientOptions { Registry = $"memory://health-{Guid.NewGuid():N}", AppKey = "nobody" });

        var result = await HealthProbe.RunAsync(new ClientHeartbeatCheck(() => client));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("no instance to call: ", result.Description);
    }

    private static Action<ServerOptions> InMemoryRegistry(TimeSpan deregisterDelay) => o =>
    {
        o.Registry = $"memory://health-{Guid.NewGuid():N}";
        o.AppKey = "arith";
        o.DeregisterDelay = deregisterDelay;
    };
}
