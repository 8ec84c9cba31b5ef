using System.Diagnostics;
using System.Net;

namespace PlugRpc.Registry.Tests.Consul;

/// <summary>The fake agent answers as Consul's HTTP API documents it, so the plugin's tests against it mean something.</summary>
public sealed class FakeConsulTests : IAsyncLifetime
{
    private FakeConsulServer server = null!;
    private FakeConsulClient client = null!;

    public async Task InitializeAsync()
    {
        server = await FakeConsulServer.StartNewAsync();
        client = new FakeConsulClient(server);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task The_index_is_never_0_grows_on_each_change_and_stays_on_a_pass_that_changes_nothing()
    {
        var (_, unknown) = await client.HealthAsync("nothing-here");
        Assert.True(unknown >= 1);

        await Register("web", "web-1", ttl: "10s");
        var (_, registered) = await client.HealthAsync("web");
        Assert.True(registered > unknown);

        await Pass("service:web-1");
        var (_, passed) = await client.HealthAsync("web");
        Assert.True(passed > registered);

        await Pass("service:web-1");
        var (_, again) = await client.HealthAsync("web");
        Assert.Equal(passed, again);
    }

    [Fact]
    public async Task A_health_entry_has_the_documented_shape()
    {
        await Register("shape", "shape-1", ttl: "10s", extra: """, "Tags": ["a=b"], "Address": "10.0.0.7", "Port": 7000, "Meta": {"version": "1.0"}""");
        await Pass("service:shape-1");

        var (entries, _) = await client.HealthAsync("shape", "?passing=true");

        var entry = Assert.Single(entries.EnumerateArray());
        Assert.Equal(FakeConsulAgent.NodeName, entry.GetProperty("Node").GetProperty("Node").GetString());
        Assert.Equal("127.0.0.1", entry.GetProperty("Node").GetProperty("Address").GetString());
        var service = entry.GetProperty("Service");
        Assert.Equal("shape-1", service.GetProperty("ID").GetString());
        Assert.Equal("shape", service.GetProperty("Service").GetString());
        Assert.Equal("a=b", Assert.Single(service.GetProperty("Tags").EnumerateArray()).GetString());
        Assert.Equal("10.0.0.7", service.GetProperty("Address").GetString());
        Assert.Equal(7000, service.GetProperty("Port").GetInt32());
        Assert.Equal("1.0", service.GetProperty("Meta").GetProperty("version").GetString());
        var checks = entry.GetProperty("Checks").EnumerateArray().ToList();
        Assert.Equal(["serfHealth", "service:shape-1"], checks.Select(c => c.GetProperty("CheckID").GetString()).Order(StringComparer.Ordinal));
        Assert.All(checks, c => Assert.Equal("passing", c.GetProperty("Status").GetString()));
    }

    [Fact]
    public async Task A_blocking_query_returns_at_once_past_its_index_and_otherwise_on_the_next_change()
    {
        await Register("block", "block-1", ttl: "10s");
        var (_, index) = await client.HealthAsync("block");

        var stale = Stopwatch.StartNew();
        await client.HealthAsync("block", $"?index={index - 1}&wait=10s");
        Assert.True(stale.Elapsed < TimeSpan.FromSeconds(2), $"a query past its index waited {stale.Elapsed}");

        var waiting = client.HealthAsync("block", $"?index={index}&wait=10s");
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "a blocking query returned without a change");
        var changed = Stopwatch.StartNew();
        await Pass("service:block-1");
        var (entries, after) = await waiting;
        Assert.True(changed.Elapsed < TimeSpan.FromSeconds(2), $"the blocking query saw the change after {changed.Elapsed}");
        Assert.True(after > index);
        Assert.Equal("passing", entries[0].GetProperty("Checks").EnumerateArray().Single(c => c.GetProperty("CheckID").GetString() == "service:block-1").GetProperty("Status").GetString());
    }

    [Fact]
    public async Task A_blocking_query_without_a_change_returns_when_its_wait_ends_with_the_same_index()
    {
        await Register("quiet", "quiet-1", ttl: "10s");
        var (_, index) = await client.HealthAsync("quiet");

        var waited = Stopwatch.StartNew();
        var (_, after) = await client.HealthAsync("quiet", $"?index={index}&wait=400ms");

        Assert.InRange(waited.Elapsed, TimeSpan.FromMilliseconds(350), TimeSpan.FromSeconds(3));
        Assert.Equal(index, after);
    }

    [Fact]
    public async Task A_ttl_check_not_passed_in_time_turns_critical_and_leaves_the_passing_list()
    {
        await Register("expiring", "expiring-1", ttl: "500ms");
        await Pass("service:expiring-1");
        Assert.Equal(["expiring-1"], FakeConsulClient.Ids((await client.HealthAsync("expiring", "?passing")).Entries));

        var gone = Stopwatch.StartNew();
        while (FakeConsulClient.Ids((await client.HealthAsync("expiring", "?passing")).Entries).Count > 0)
        {
            Assert.True(gone.Elapsed < TimeSpan.FromSeconds(3), "the check never expired");
            await Task.Delay(50);
        }

        var (all, _) = await client.HealthAsync("expiring");
        var check = all[0].GetProperty("Checks").EnumerateArray().Single(c => c.GetProperty("CheckID").GetString() == "service:expiring-1");
        Assert.Equal("critical", check.GetProperty("Status").GetString());
        Assert.Equal("TTL expired", check.GetProperty("Output").GetString());
    }

    [Fact]
    public async Task A_new_ttl_check_is_critical_until_passed_and_warn_is_not_passing()
    {
        await Register("fresh", "fresh-1", ttl: "10s");
        Assert.Empty(FakeConsulClient.Ids((await client.HealthAsync("fresh", "?passing")).Entries));
        Assert.Equal(["fresh-1"], FakeConsulClient.Ids((await client.HealthAsync("fresh")).Entries));

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync("v1/agent/check/warn/service:fresh-1?note=slow")).Status);
        Assert.Empty(FakeConsulClient.Ids((await client.HealthAsync("fresh", "?passing=true")).Entries));
        Assert.Equal(["fresh-1"], FakeConsulClient.Ids((await client.HealthAsync("fresh", "?passing=false")).Entries));
    }

    [Fact]
    public async Task A_service_critical_longer_than_DeregisterCriticalServiceAfter_is_removed()
    {
        await Register("reaped", "reaped-1", ttl: "300ms", extra: """, "Check": {"TTL": "300ms", "DeregisterCriticalServiceAfter": "500ms"}""");

        var gone = Stopwatch.StartNew();
        while (FakeConsulClient.Ids((await client.HealthAsync("reaped")).Entries).Count > 0)
        {
            Assert.True(gone.Elapsed < TimeSpan.FromSeconds(4), "the critical service was never deregistered");
            await Task.Delay(50);
        }

        Assert.DoesNotContain(server.Agent.Checks(), c => c.ServiceID == "reaped-1");
    }

    [Fact]
    public async Task Consuls_own_timings_raise_DeregisterCriticalServiceAfter_to_a_minute()
    {
        await using var real = new FakeConsulServer(FakeConsulTimings.Consul);
        await real.StartAsync();
        using var realClient = new FakeConsulClient(real);

        await realClient.PutAsync("v1/agent/service/register", """{"Name": "slow", "ID": "slow-1", "Check": {"TTL": "1s", "DeregisterCriticalServiceAfter": "2s"}}""");

        Assert.Equal(TimeSpan.FromMinutes(1), real.Agent.Checks().Single(c => c.ServiceID == "slow-1").DeregisterAfter);
    }

    [Fact]
    public async Task Unknown_checks_and_services_answer_404_with_consuls_texts()
    {
        var pass = await client.PutAsync("v1/agent/check/pass/service:nobody");
        Assert.Equal(HttpStatusCode.NotFound, pass.Status);
        Assert.StartsWith("Unknown check ID \"service:nobody\"", pass.Body, StringComparison.Ordinal);

        var deregister = await client.PutAsync("v1/agent/service/deregister/nobody");
        Assert.Equal(HttpStatusCode.NotFound, deregister.Status);
        Assert.StartsWith("Unknown service ID \"nobody\"", deregister.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deregistering_removes_the_service_and_its_checks()
    {
        await Register("leaving", "leaving-1", ttl: "10s");

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync("v1/agent/service/deregister/leaving-1")).Status);

        Assert.Empty(FakeConsulClient.Ids((await client.HealthAsync("leaving")).Entries));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsync("v1/agent/check/pass/service:leaving-1")).Status);
    }

    [Theory]
    [InlineData("""{"a.b": "x"}""", "Key contains invalid characters")]
    [InlineData("""{"consul-x": "x"}""", "reserved for internal use")]
    public async Task Meta_consul_refuses_is_refused_with_400(string meta, string why)
    {
        var answer = await client.PutAsync("v1/agent/service/register", $$"""{"Name": "meta", "Meta": {{meta}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("Invalid Service Meta", answer.Body, StringComparison.Ordinal);
        Assert.Contains(why, answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restarted_it_has_forgotten_its_services_and_its_index_starts_over_lower()
    {
        await Register("restart", "restart-1", ttl: "10s");
        await Pass("service:restart-1");
        var (_, before) = await client.HealthAsync("restart");

        await server.StopAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.HealthAsync("restart"));
        await server.StartAsync();

        var (entries, after) = await client.HealthAsync("restart");
        Assert.Empty(FakeConsulClient.Ids(entries));
        Assert.InRange(after, 1, before - 1);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsync("v1/agent/check/pass/service:restart-1")).Status);
    }

    [Fact]
    public async Task With_an_acl_token_set_a_request_without_it_gets_403()
    {
        await using var guarded = await FakeConsulServer.StartNewAsync(aclToken: "secret");
        using var anonymous = new FakeConsulClient(guarded);
        using var holder = new FakeConsulClient(guarded, "secret");

        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.PutAsync("v1/agent/service/register", """{"Name": "acl"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await holder.PutAsync("v1/agent/service/register", """{"Name": "acl"}""")).Status);
    }

    private async Task Register(string name, string id, string ttl, string extra = "")
    {
        var check = extra.Contains("\"Check\"", StringComparison.Ordinal) ? string.Empty : $$""", "Check": {"TTL": "{{ttl}}"}""";
        var answer = await client.PutAsync("v1/agent/service/register", $$"""{"Name": "{{name}}", "ID": "{{id}}"{{check}}{{extra}}}""");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }

    private async Task Pass(string checkId) =>
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync("v1/agent/check/pass/" + checkId)).Status);
}
