using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using PlugRpc.Hosting.Health;
using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests.Gateway;

/// <summary>The gateway's probes (/health, /health/ready) and go-rpc's /view pages, over real HTTP from a host started as PlugRpc.Host starts one.</summary>
public sealed class GatewayProbesTests
{
    [Fact]
    public async Task Readiness_fails_while_the_server_drains_and_liveness_holds_until_it_has()
    {
        await using var host = await GatewayHost.StartAsync(manifest => manifest["server"]!["shutdownWait"] = "10s");

        var live = await GatewayReply.ReadAsync(await host.Http.GetAsync("/health"));
        var ready = await GatewayReply.ReadAsync(await host.Http.GetAsync("/health/ready"));

        Assert.Equal((200, "Healthy"), (live.Status, live.Body.GetProperty("status").GetString()));
        Assert.Equal([PlugRpcHealthChecks.ServerLive], Names(live));
        Assert.Equal((200, "Healthy"), (ready.Status, ready.Body.GetProperty("status").GetString()));
        Assert.Equal([PlugRpcHealthChecks.Registry, PlugRpcHealthChecks.ServerReady], Names(ready));
        Assert.Equal("no-store", live.Header("cache-control"));

        var slow = host.CallAsync("FleetService", "Slow", """{"Id":"probe-drain","DelayMs":2000}""");
        await Eventually.TrueAsync(
            async () => (await GatewayReply.ReadAsync(await host.CallAsync("FleetService", "WasCancelled", """{"Id":"probe-drain"}"""))).Body.GetProperty("Started").GetBoolean(),
            "the slow call is running");
        var stopping = host.Host.StopAsync(TimeSpan.FromSeconds(20));

        GatewayReply? draining = null;
        await Eventually.TrueAsync(
            async () => (draining = await GatewayReply.ReadAsync(await host.Http.GetAsync("/health/ready"))).Status == 503,
            "readiness answers 503 once the server drains");
        var liveWhileDraining = await GatewayReply.ReadAsync(await host.Http.GetAsync("/health"));
        var answered = await GatewayReply.ReadAsync(await slow);
        await stopping;

        Assert.Equal("Unhealthy", draining!.Body.GetProperty("status").GetString());
        Assert.Contains("draining", Check(draining, PlugRpcHealthChecks.ServerReady).GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, liveWhileDraining.Status);
        Assert.Equal(200, answered.Status);
    }

    [Theory]
    [InlineData("/view/health")]
    [InlineData("/view/disk")]
    [InlineData("/view/cpu")]
    [InlineData("/view/ram")]
    public async Task A_view_page_answers_go_rpcs_summary_line_with_the_status_of_its_level(string path)
    {
        await using var host = await GatewayHost.StartAsync();

        using var text = await host.Http.GetAsync(path);
        var line = await text.Content.ReadAsStringAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var json = await GatewayReply.ReadAsync(await host.Http.SendAsync(request));

        var level = line.Split(" - ", 2)[0];
        Assert.Equal(StatusOf(level), (int)text.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", text.Content.Headers.ContentType?.ToString());
        Assert.Matches(@"^(OK|WARNING|CRITICAL) - \S.*\n$", line);
        var jsonLevel = json.Body.GetProperty("level").GetString()!;
        Assert.Equal(StatusOf(jsonLevel.ToUpperInvariant()), json.Status);
        Assert.StartsWith(jsonLevel.ToUpperInvariant() + " - ", json.Body.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_view_lists_every_check_of_the_host()
    {
        await using var host = await GatewayHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/view/health");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var health = await GatewayReply.ReadAsync(await host.Http.SendAsync(request));

        Assert.Equal(200, health.Status);
        Assert.Equal("Healthy", health.Body.GetProperty("status").GetString());
        Assert.Equal(
            [PlugRpcHealthChecks.Registry, PlugRpcHealthChecks.ServerReady, PlugRpcHealthChecks.ServerLive],
            health.Body.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));
        Assert.Equal(Environment.ProcessId, health.Body.GetProperty("processId").GetInt32());
    }

    private static int StatusOf(string level) => level switch
    {
        "OK" => 200,
        "WARNING" => 429,
        "CRITICAL" => 500,
        _ => throw new Xunit.Sdk.XunitException($"'{level}' is not a level of go-rpc's pages"),
    };

    private static string[] Names(GatewayReply health) =>
        [.. health.Body.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];

    private static JsonElement Check(GatewayReply health, string name) =>
        health.Body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
}
