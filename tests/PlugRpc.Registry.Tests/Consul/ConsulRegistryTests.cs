using PlugRpc.Registry.Tests.Infrastructure;
using System.Diagnostics;
using System.Text.Json;
using PlugRpc.Discovery;
using static PlugRpc.Registry.Tests.Consul.ConsulFixture;

namespace PlugRpc.Registry.Tests.Consul;

/// <summary>The Consul registry plugin against the shared fake agent: registering, listing, watching, removing, metadata.</summary>
[Collection(ConsulCollection.Name)]
public sealed class ConsulRegistryTests(ConsulFixture fixture)
{
    [Fact]
    public async Task A_held_registration_is_listed_until_removed()
    {
        await using var registry = fixture.Open();
        var appKey = NewAppKey("hold");
        var registration = Registration(appKey, 8888);

        await using (var holding = new Holding(registry, registration))
        {
            await holding.RegisteredAsync();
            var listing = await registry.ListAsync(appKey, null, CancellationToken.None);
            Assert.Equal(["tcp://127.0.0.1:8888"], ConsulListings.Addresses(listing));
            Assert.Empty(listing.Skipped);
            Assert.True(listing.Version >= 1);
            Assert.Equal($"{appKey}-tcp@127.0.0.1:8888", Assert.Single(fixture.Server.Agent.Services(), s => s.Name == appKey).ID);
        }

        await registry.RemoveAsync(registration, CancellationToken.None);

        Assert.Empty((await registry.ListAsync(appKey, null, CancellationToken.None)).Instances);
        Assert.DoesNotContain(fixture.Server.Agent.Services(), s => s.Name == appKey);
    }

    [Fact]
    public async Task Removing_what_the_agent_does_not_have_is_not_an_error()
    {
        await using var registry = fixture.Open();

        await registry.RemoveAsync(Registration(NewAppKey("absent"), 8000), CancellationToken.None);
    }

    [Fact]
    public async Task A_waiting_listing_sees_a_new_instance_within_a_second()
    {
        await using var lister = fixture.Open();
        await using var holder = fixture.Open();
        var appKey = NewAppKey("watch");
        var empty = await lister.ListAsync(appKey, null, CancellationToken.None);
        var watching = ConsulListings.WatchUntilAsync(lister, appKey, empty, l => l.Instances.Count == 1, TimeSpan.FromSeconds(10), "the new instance showing");
        await Task.Delay(200);

        await using var holding = new Holding(holder, Registration(appKey, 7001));
        await holding.RegisteredAsync();
        var registered = Stopwatch.StartNew();
        var (listing, _) = await watching;

        Assert.True(registered.Elapsed < TimeSpan.FromSeconds(1), $"the waiting listing saw the instance {registered.Elapsed} after it was registered");
        Assert.Equal(["tcp://127.0.0.1:7001"], ConsulListings.Addresses(listing));
        Assert.True(listing.Version > empty.Version);
    }

    [Fact]
    public async Task A_waiting_listing_without_a_change_returns_the_listing_as_it_is_when_its_wait_ends()
    {
        await using var registry = fixture.Open("wait=500ms");
        var appKey = NewAppKey("still");
        await using var holding = new Holding(registry, Registration(appKey, 7002));
        await holding.RegisteredAsync();
        var first = await registry.ListAsync(appKey, null, CancellationToken.None);

        var waited = Stopwatch.StartNew();
        var next = await registry.ListAsync(appKey, first, CancellationToken.None);

        Assert.InRange(waited.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(4));
        Assert.Equal(ConsulListings.Addresses(first), ConsulListings.Addresses(next));
        Assert.Equal(first.Version, next.Version);
    }

    [Fact]
    public async Task A_holder_that_stops_passing_leaves_the_passing_list_within_its_ttl_and_a_second()
    {
        await using var lister = fixture.Open();
        var holder = fixture.Open("ttl=1s");
        var appKey = NewAppKey("silent");
        var holding = new Holding(holder, Registration(appKey, 7003));
        await holding.RegisteredAsync();
        var listed = await ConsulListings.WatchUntilAsync(lister, appKey, null, l => l.Instances.Count == 1, TimeSpan.FromSeconds(5), "the instance showing");

        var silent = Stopwatch.StartNew();
        await holder.DisposeAsync();
        await holding.Run.WaitAsync(TimeSpan.FromSeconds(5));
        await ConsulListings.WatchUntilAsync(lister, appKey, listed.Listing, l => l.Instances.Count == 0, TimeSpan.FromSeconds(10), "the silent instance leaving");

        Assert.True(silent.Elapsed < TimeSpan.FromSeconds(2), $"the instance left {silent.Elapsed} after its holder stopped passing (ttl 1s)");
        await holding.DisposeAsync();
    }

    [Fact]
    public async Task The_whole_metadata_round_trips_and_routing_tags_show_as_consul_tags()
    {
        await using var registry = fixture.Open();
        var appKey = NewAppKey("meta");
        var metadata = new Dictionary<string, string>
        {
            [InstanceMetadataKeys.Tags] = InstanceTags.Format(new Dictionary<string, string> { ["idc"] = "lf", ["env"] = "prod" }),
            [InstanceMetadataKeys.Weight] = "3",
            [InstanceMetadataKeys.Version] = "1.2.0 (build 7)",
            [InstanceMetadataKeys.StartTime] = "1700000000000",
            ["owner_team-2"] = "a \"quoted\" value, with ünïcode",
        };

        await using var holding = new Holding(registry, Registration(appKey, 7004, metadata));
        await holding.RegisteredAsync();
        var listing = await registry.ListAsync(appKey, null, CancellationToken.None);

        var instance = Assert.Single(listing.Instances);
        Assert.Equal(metadata, instance.Metadata);
        Assert.Equal(new Dictionary<string, string> { ["idc"] = "lf", ["env"] = "prod" }, InstanceTags.Of(instance));
        Assert.Equal(["env=prod", "idc=lf"], Assert.Single(fixture.Server.Agent.Services(), s => s.Name == appKey).Tags!);
    }

    [Fact]
    public async Task An_instance_without_metadata_is_listed_with_none()
    {
        await using var registry = fixture.Open();
        var appKey = NewAppKey("bare");

        await using var holding = new Holding(registry, Registration(appKey, 7005));
        await holding.RegisteredAsync();

        Assert.Empty(Assert.Single((await registry.ListAsync(appKey, null, CancellationToken.None)).Instances).Metadata);
    }

    [Theory]
    [InlineData("app.zone", "x", "metadata key 'app.zone' is not a Consul Meta key")]
    [InlineData("consul-owned", "x", "starts with 'consul-'")]
    [InlineData("big", null, "metadata 'big' is 600 bytes long")]
    public async Task Metadata_consul_cannot_hold_is_refused_with_a_clear_message_before_anything_is_sent(string key, string? value, string message)
    {
        await using var registry = fixture.Open();
        var appKey = NewAppKey("unfit");
        var registration = Registration(appKey, 7006, new Dictionary<string, string> { [key] = value ?? new string('v', 600) });

        var refused = await Assert.ThrowsAsync<RegistryException>(() => registry.HoldAsync(registration, () => Assert.Fail("registered"), CancellationToken.None));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
        Assert.Contains(registration.ToString(), refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Server.Agent.Services(), s => s.Name == appKey);
    }

    [Fact]
    public async Task More_than_64_metadata_entries_are_refused()
    {
        await using var registry = fixture.Open();
        var metadata = Enumerable.Range(0, 65).ToDictionary(i => $"k{i}", i => "v");

        var refused = await Assert.ThrowsAsync<RegistryException>(() => registry.HoldAsync(Registration(NewAppKey("many"), 7007, metadata), () => { }, CancellationToken.None));

        Assert.Contains("65 metadata entries", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_without_host_and_port_is_refused()
    {
        await using var registry = fixture.Open();
        var registration = new ServiceRegistration(NewAppKey("unix"), new ServiceInstance("unix:///run/app.sock"));

        var refused = await Assert.ThrowsAsync<RegistryException>(() => registry.HoldAsync(registration, () => { }, CancellationToken.None));

        Assert.Contains("host and port", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entries_that_cannot_be_read_are_skipped_naming_their_service_id_and_why()
    {
        await using var registry = fixture.Open();
        using var consul = new FakeConsulClient(fixture.Server);
        var appKey = NewAppKey("odd");
        await consul.PutAsync("v1/agent/service/register", JsonSerializer.Serialize(new { ID = "hand-made-no-port", Name = appKey }));
        await consul.PutAsync("v1/agent/service/register", JsonSerializer.Serialize(new { ID = "hand-made-node-address", Name = appKey, Port = 7010 }));
        await using var holding = new Holding(registry, Registration(appKey, 7011));
        await holding.RegisteredAsync();

        var listing = await registry.ListAsync(appKey, null, CancellationToken.None);

        Assert.Equal(["tcp://127.0.0.1:7010", "tcp://127.0.0.1:7011"], ConsulListings.Addresses(listing).Order(StringComparer.Ordinal));
        var skipped = Assert.Single(listing.Skipped);
        Assert.Equal("hand-made-no-port", skipped.Name);
        Assert.Contains("port 0 is not from 1 to 65535", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_instances_of_one_app_key_are_both_listed_and_one_leaving_is_seen()
    {
        await using var registry = fixture.Open();
        var appKey = NewAppKey("pair");
        var first = new Holding(registry, Registration(appKey, 7021));
        await using var second = new Holding(registry, Registration(appKey, 7022));
        await first.RegisteredAsync();
        await second.RegisteredAsync();
        var both = await ConsulListings.WatchUntilAsync(registry, appKey, null, l => l.Instances.Count == 2, TimeSpan.FromSeconds(5), "both instances showing");

        await first.DisposeAsync();
        await registry.RemoveAsync(first.Registration, CancellationToken.None);
        var (one, took) = await ConsulListings.WatchUntilAsync(registry, appKey, both.Listing, l => l.Instances.Count == 1, TimeSpan.FromSeconds(5), "the removed instance leaving");

        Assert.Equal(["tcp://127.0.0.1:7022"], ConsulListings.Addresses(one));
        Assert.True(took < TimeSpan.FromSeconds(1), $"the removal was seen after {took}");
    }
}
