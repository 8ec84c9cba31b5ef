using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Registry.Tests.Infrastructure;

namespace PlugRpc.Registry.Tests.Conformance;

/// <summary>
/// What every registry backed by a server must do for PlugRpc, against that real server (or, for Consul, the fake):
/// discovery within a second, a crashed host leaving within its expiry, a graceful stop losing no call, and
/// riding out the registry's own outage. A subclass names the server and how its URLs set a short expiry.
/// </summary>
public abstract class RegistryConformance
{
    private readonly IRegistryServer server;

    /// <summary>An app key of this test's own (a Consul agent has no roots to keep tests apart).</summary>
    private readonly string appKey = "arith-" + Guid.NewGuid().ToString("N")[..8];

    protected RegistryConformance(IRegistryServer server)
    {
        this.server = server;
    }

    /// <summary>How long after its owner dies an entry may stay with <see cref="ShortExpiry"/> (session timeout, lease TTL, check TTL).</summary>
    protected abstract TimeSpan Expiry { get; }

    /// <summary>The URL with the registry's expiry set to <see cref="Expiry"/>.</summary>
    protected abstract string ShortExpiry(string url);

    /// <summary>A URL of this scheme naming a loopback port where nothing listens.</summary>
    protected abstract string Unreachable(int closedPort);

    private string FreshUrl() => ShortExpiry(server.UrlFor("/conformance-" + Guid.NewGuid().ToString("N")[..8]));

    [RegistryFact]
    public async Task Registers_lists_and_deregisters()
    {
        await using var bed = new RegistryBed();
        var url = FreshUrl();
        var first = await bed.StartServerAsync(url, appKey);
        var second = await bed.StartServerAsync(url, appKey);
        var client = bed.CreateClient(url, appKey);

        Assert.Equal(3, (await RegistryBed.AddAsync(client, 1, 2)).Reply);
        Assert.Equal(new[] { first.ListenAddresses[0].ToString(), second.ListenAddresses[0].ToString() }.Order(), client.Instances.Select(i => i.Address).Order());

        await first.StopAsync();
        await Eventually.TrueAsync(() => client.Instances.Count == 1, "the stopped server gone from the view");
        Assert.Equal(second.ListenAddresses[0].ToString(), client.Instances[0].Address);
    }

    [RegistryFact]
    public async Task A_new_server_is_in_every_watching_clients_view_within_a_second()
    {
        await using var bed = new RegistryBed();
        var url = FreshUrl();
        await bed.StartServerAsync(url, appKey);
        var clients = new[] { bed.CreateClient(url, appKey), bed.CreateClient(url, appKey) };
        foreach (var client in clients)
        {
            await RegistryBed.AddAsync(client, 1, 1);
        }

        var added = await bed.StartServerAsync(url, appKey);
        var registeredAt = DateTime.UtcNow;
        await Eventually.TrueAsync(() => clients.All(c => c.Instances.Count == 2), "the new server in both views");

        var took = DateTime.UtcNow - registeredAt;
        Assert.True(took < TimeSpan.FromSeconds(1), $"seen after {took.TotalMilliseconds:0} ms");
        Assert.All(clients, c => Assert.Contains(c.Instances, i => i.Address == added.ListenAddresses[0].ToString()));
    }

    [RegistryFact]
    public async Task A_host_killed_with_sigkill_leaves_the_views_within_its_expiry_plus_a_second()
    {
        using var folder = new TempFolder();
        var url = FreshUrl();
        await using var staying = await RegistryHost.StartAsync(url, appKey, folder.Path);
        await using var killed = await RegistryHost.StartAsync(url, appKey, folder.Path);
        await using var bed = new RegistryBed();
        var client = bed.CreateClient(url, appKey);
        await Eventually.TrueAsync(() => client.Instances.Count == 2, "both hosts in the view", TimeSpan.FromSeconds(10));

        killed.Kill();
        var killedAt = DateTime.UtcNow;
        await Eventually.TrueAsync(() => client.Instances.All(i => i.Address != killed.Address), "the killed host gone from the view", Expiry + TimeSpan.FromSeconds(5));

        var took = DateTime.UtcNow - killedAt;
        Assert.True(took < Expiry + TimeSpan.FromSeconds(1), $"left after {took.TotalMilliseconds:0} ms");
        // The host that stays keeps its registration alive (on a loaded machine a late TTL pass may drop it for a moment).
        await Eventually.TrueAsync(() => client.Instances.Select(i => i.Address).SequenceEqual([staying.Address]), "only the staying host in the view", Expiry + TimeSpan.FromSeconds(5));
    }

    [RegistryFact]
    public async Task A_graceful_stop_deregisters_before_refusing_calls_so_a_client_under_load_sees_no_failure()
    {
        await using var bed = new RegistryBed();
        var url = FreshUrl();
        var leaving = await bed.StartServerAsync(url, appKey, o => o.DeregisterDelay = TimeSpan.FromSeconds(1));
        await bed.StartServerAsync(url, appKey);
        var client = bed.CreateClient(url, appKey);
        await Eventually.TrueAsync(() => client.Instances.Count == 2, "both servers in the view");

        var (calls, failures) = await RegistryBed.UnderLoadAsync(client, () => leaving.StopAsync());

        Assert.Equal(0, failures);
        Assert.True(calls > 50, $"only {calls} calls made");
        Assert.DoesNotContain(client.Instances, i => i.Address == leaving.ListenAddresses[0].ToString());
    }

    [RegistryFact]
    public async Task With_the_registry_stopped_clients_keep_calling_and_once_it_is_back_watches_and_registrations_resume()
    {
        await using var bed = new RegistryBed();
        var url = FreshUrl();
        var serving = await bed.StartServerAsync(url, appKey);
        var client = bed.CreateClient(url, appKey);
        await RegistryBed.AddAsync(client, 1, 1);

        await server.StopAsync();
        try
        {
            await Eventually.TrueAsync(() => !client.Discovery.Reachable, "the client noticing the registry is down", TimeSpan.FromSeconds(30));
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal(i + 1, (await RegistryBed.AddAsync(client, i, 1)).Reply);
            }

            Assert.Single(client.Instances);
        }
        finally
        {
            await server.StartAsync();
        }

        await Eventually.TrueAsync(() => client.Discovery.Reachable, "the client reaching the registry again", TimeSpan.FromSeconds(30));
        var joined = await bed.StartServerAsync(url, appKey);
        await Eventually.TrueAsync(() => client.Instances.Count == 2, "a server registered after the restart in the view", TimeSpan.FromSeconds(10));
        Assert.Contains(client.Instances, i => i.Address == serving.ListenAddresses[0].ToString());
        Assert.Contains(client.Instances, i => i.Address == joined.ListenAddresses[0].ToString());
        await Eventually.TrueAsync(() => serving.Registrations[0].State == Discovery.RegistrationState.Registered, "the first server's registration in place again", TimeSpan.FromSeconds(15));

        var fresh = bed.CreateClient(url, appKey);
        await Eventually.TrueAsync(() => fresh.Instances.Any(i => i.Address == serving.ListenAddresses[0].ToString()), "a new client listing the first server", TimeSpan.FromSeconds(10));
    }

    [RegistryFact]
    public async Task A_registry_that_refuses_connections_fails_the_first_call_within_its_timeout_naming_the_app_key_and_registry()
    {
        await using var bed = new RegistryBed();
        var url = Unreachable(FreePort.Next());
        var client = bed.CreateClient(url, appKey, o => o.RequestTimeout = TimeSpan.FromSeconds(2));
        var started = DateTime.UtcNow;

        var error = await Assert.ThrowsAsync<RpcException>(() => RegistryBed.AddAsync(client, 1, 2));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(4), $"failed after {(DateTime.UtcNow - started).TotalMilliseconds:0} ms");
        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains($"app key '{appKey}'", error.Message);
        Assert.Contains(url, error.Message);
    }

    [RegistryFact]
    public async Task A_server_whose_registry_is_down_at_start_up_serves_anyway_and_keeps_trying_with_one_warning()
    {
        await using var bed = new RegistryBed();
        var url = Unreachable(FreePort.Next());
        var options = new Options.ServerOptions { Registry = url, AppKey = appKey };
        var container = bed.BuildContainer();
        await using var server = Components.RpcContainerExtensions.CreateRpcServer(container, options);
        server.AddService(new Samples.Arith.ArithService());
        var address = await server.ListenAsync("tcp://127.0.0.1:0");
        var direct = Components.RpcContainerExtensions.CreateRpcClient(container, new Options.ClientOptions { Addresses = [address.ToString()] });

        Assert.Equal(5, (await RegistryBed.AddAsync(direct, 2, 3)).Reply);
        await Eventually.TrueAsync(() => server.Registrations[0].Problem is not null, "the registration's problem reported", TimeSpan.FromSeconds(15));
        await Task.Delay(1500);
        Assert.Equal(Discovery.RegistrationState.Registering, server.Registrations[0].State);
        Assert.Single(bed.Logs.Lines, l => l.StartsWith("Warning") && l.Contains("cannot register"));
        await direct.DisposeAsync();
    }
}
