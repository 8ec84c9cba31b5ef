using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests.Governance;

/// <summary>
/// Host processes whose servers filter calls: tag routing (idc=lf and idc=hz behind the "tags" server filter) and
/// a guarded host (auth, tags and a rate limit of one call a second) that the client's heartbeats must pass.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class FilteredHostsTests : IClassFixture<FilteredHostsTests.FilteredHosts>
{
    private readonly Fleet fleet;

    public FilteredHostsTests(FilteredHosts hosts)
    {
        fleet = hosts.Fleet;
    }

    private FleetHost Lf => fleet.Named("lf");

    private FleetHost Hz => fleet.Named("hz");

    private FleetHost Guarded => fleet.Named("guarded");

    [Fact]
    public async Task A_tagged_client_sends_every_call_to_the_host_with_its_tags()
    {
        var options = fleet.ClientOptions([Lf, Hz]);
        options.Tagged = true;
        options.Tags = new() { ["idc"] = "lf" };
        options.Filters = ["tags"];
        await using var client = FleetClient.Create(options);

        var load = await FleetLoad.RunAsync(100, 8, i => client.WorkAsync(i));

        Assert.True(!load.Failures.Any(), load.FailureSummary());
        Assert.Equal(100, load.CountBy(r => r.Host).GetValueOrDefault(Lf.Name));
    }

    [Fact]
    public async Task A_host_with_tags_refuses_a_client_without_them_naming_the_tag()
    {
        await using var client = FleetClient.Create(fleet.ClientOptions([Lf]));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.WorkAsync(1, new CallOptions { Address = Lf.Address }));

        Assert.Equal(RpcStatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("tag 'idc'", error.Message);
    }

    [Fact]
    public async Task Heartbeats_pass_a_hosts_auth_tags_and_rate_limit_and_the_instance_is_never_degraded()
    {
        var options = fleet.ClientOptions([Guarded]);
        options.Filters = ["auth", "tags"];
        options.Tags = new() { ["idc"] = "sh" };
        options.Heartbeat = true;
        options.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
        options.HeartbeatDegradeThreshold = 2;
        await using var client = FleetClient.Create(options);

        // The filters hold for calls: one a second, so of three back to back one at least is refused (the second may
        // pass on what the bucket banked while it sat full).
        await client.WorkAsync(1);
        var refusals = 0;
        for (var i = 2; i <= 3; i++)
        {
            try
            {
                await client.WorkAsync(i);
            }
            catch (RpcException ex) when (ex.StatusCode == RpcStatusCode.ResourceExhausted)
            {
                refusals++;
            }
        }

        Assert.True(refusals > 0, "three calls back to back passed a limit of one a second");

        // Twenty heartbeats in two seconds: through the limit most would be refused, and three in a row degrade.
        var state = client.StateOf(Guarded);
        var until = DateTime.UtcNow.AddSeconds(2);
        while (DateTime.UtcNow < until)
        {
            Assert.False(state.Degraded, $"degraded after {state.HeartbeatFailures} heartbeat failures in a row");
            await Task.Delay(20);
        }

        // And they are watched: a host that stops answering is degraded within a second or so.
        Guarded.Pause();
        try
        {
            await Eventually.TrueAsync(() => state.Degraded, "the paused host degraded");
        }
        finally
        {
            Guarded.Resume();
        }
    }

    /// <summary>lf and hz serve their tags only; guarded wants the token, idc=sh, and one call a second.</summary>
    public sealed class FilteredHosts : IAsyncLifetime
    {
        private const string Tags = "PlugRpc.Filters.Tags";
        private Fleet? fleet;

        internal Fleet Fleet => fleet!;

        public async Task InitializeAsync() => fleet = await Fleet.StartAsync(
        [
            new FleetHostSpec("lf") { ServerFilters = ["tags"], Tags = new Dictionary<string, string> { ["idc"] = "lf" }, Plugins = new Dictionary<string, string?> { [Tags] = null } },
            new FleetHostSpec("hz") { ServerFilters = ["tags"], Tags = new Dictionary<string, string> { ["idc"] = "hz" }, Plugins = new Dictionary<string, string?> { [Tags] = null } },
            new FleetHostSpec("guarded")
            {
                ServerFilters = ["auth", "tags", "ratelimit"],
                Tags = new Dictionary<string, string> { ["idc"] = "sh" },
                Plugins = new Dictionary<string, string?>
                {
                    ["PlugRpc.Filters.Auth"] = $"{{\"tokens\":[\"{TestBed.Token}\"]}}",
                    [Tags] = null,
                    ["PlugRpc.Filters.RateLimit"] = "{\"permitsPerSecond\":1,\"burst\":1}",
                },
            },
        ]);

        public async Task DisposeAsync() => await fleet!.DisposeAsync();
    }
}
