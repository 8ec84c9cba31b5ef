using PlugRpc.Components;
using PlugRpc.Diagnostics;
using PlugRpc.Discovery;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;
using PlugRpc.Plugins;
using PlugRpc.Registry.Embedded;
using PlugRpc.Samples.Arith;
using PlugRpc.Services;

namespace PlugRpc.IntegrationTests.Dashboard;

/// <summary>
/// The process overview behind the dashboard, over a real server and client found through a registry: the server's
/// app key, registration and draining; the client's instance up, then, once the server deregisters, out of the view
/// (leaving while its connection finishes, then gone) rather than silently dropped.
/// </summary>
public sealed class ProcessOverviewTests
{
    [Fact]
    public async Task A_registered_server_and_a_discovering_client_show_and_a_deregistered_instance_is_seen_to_leave()
    {
        var registry = $"memory://{Guid.NewGuid():N}";
        var appKey = "overview-" + Guid.NewGuid().ToString("N")[..8];
        await using var bed = await TestBed.StartAsync(
            s =>
            {
                s.Registry = registry;
                s.AppKey = appKey;
                s.DeregisterDelay = TimeSpan.FromMilliseconds(300);
                s.ShutdownWait = TimeSpan.FromSeconds(1);
            },
            extra: b => b.AddPlugin<EmbeddedRegistryPlugin>());
        // The only instance leaves: no grace, so that it is seen to leave at once.
        await using var client = bed.Container.CreateRpcClient(new ClientOptions { Registry = registry, AppKey = appKey, Filters = ["auth"], EmptyListGrace = TimeSpan.Zero });
        using var overview = new LiveProcessOverview();
        await bed.Server.Registrations[0].Registered.WaitAsync(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => client.Instances.Count == 1, "the client lists the server");
        await client.CallAsync<ArithRequest, ArithResponse>("ArithService.Add", new ArithRequest { A = 1, B = 2 });

        await Eventually.TrueAsync(() => InstanceOf(overview.Read(), appKey, bed.Address)?.Status == "up", "the instance listed as up");
        var server = ServerOf(overview.Read(), bed.Address);
        Assert.Equal(appKey, server.AppKey);
        Assert.Equal(RegistrationState.Registered, server.Registration);
        Assert.Equal(ServingStatus.Serving, server.Serving);
        Assert.False(server.Draining);
        var seen = Assert.Single(overview.Read().Clients, c => c.AppKey == appKey);
        Assert.Equal(client.Discovery.Origin, seen.Origin);
        Assert.Empty(seen.Addresses);

        var stopping = bed.Server.StopAsync();
        await Eventually.TrueAsync(() => ServerOf(overview.Read(), bed.Address).Draining, "the server shown draining");
        Assert.Equal(ServingStatus.NotServing, ServerOf(overview.Read(), bed.Address).Serving);
        await Eventually.TrueAsync(() => InstanceOf(overview.Read(), appKey, bed.Address) is { InView: false }, "the instance shown out of the view");
        await stopping;
        await Eventually.TrueAsync(() => InstanceOf(overview.Read(), appKey, bed.Address)?.Status == "gone", "the instance shown gone once its connection closed");
    }

    private static InstanceOverview? InstanceOf(ProcessOverview overview, string appKey, string address) =>
        overview.Clients.SingleOrDefault(c => c.AppKey == appKey)?.Instances.SingleOrDefault(i => i.Address == address);

    private static ServerOverview ServerOf(ProcessOverview overview, string address) =>
        overview.Servers.Single(s => s.Addresses.Contains(address));
}
