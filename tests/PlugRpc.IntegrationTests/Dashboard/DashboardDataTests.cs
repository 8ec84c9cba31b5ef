using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using PlugRpc.Client;
using PlugRpc.Components;
using PlugRpc.IntegrationTests.Gateway;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;
using PlugRpc.Samples.Arith;

namespace PlugRpc.IntegrationTests.Dashboard;

/// <summary>
/// The dashboard's data from a host in this process: its own server, a client's instances, per-method figures of
/// calls made after the first read (both sides, with errors), and the event stream, which ends when the host stops.
/// </summary>
public sealed class DashboardDataTests
{
    [Fact]
    public async Task Calls_after_the_first_read_show_per_method_on_both_sides_with_their_errors()
    {
        await using var host = await GatewayHost.StartAsync();
        await using var container = TestBed.BuildContainer();
        await using var client = container.CreateRpcClient(new ClientOptions { Addresses = [host.RpcAddress], Filters = ["auth"] });
        _ = await ReadAsync(host);

        for (var i = 0; i < 40; i++)
        {
            await client.CallAsync<ArithRequest, ArithResponse>("ArithService.Mul", new ArithRequest { A = i, B = 2 });
        }

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => client.CallAsync<ArithRequest, ArithResponse>("ArithService.Divide", new ArithRequest { A = 1, B = 0 }));
        }

        var data = await ReadAsync(host);
        var serverMul = Method(data, "server", "Mul");
        var clientMul = Method(data, "client", "Mul");
        var serverDivide = Method(data, "server", "Divide");
        var clientDivide = Method(data, "client", "Divide");
        Assert.True(serverMul["calls"]!.GetValue<long>() >= 40, serverMul.ToJsonString());
        Assert.Equal(0, serverMul["errors"]!.GetValue<long>());
        Assert.True(clientMul["calls"]!.GetValue<long>() >= 40, clientMul.ToJsonString());
        Assert.True(clientMul["callsPerSecond"]!.GetValue<double>() > 0, clientMul.ToJsonString());
        var p50 = clientMul["p50Ms"]!.GetValue<double>();
        var p99 = clientMul["p99Ms"]!.GetValue<double>();
        Assert.True(p50 > 0 && p99 >= p50 && p99 < 5000, clientMul.ToJsonString());
        Assert.True(serverDivide["errors"]!.GetValue<long>() >= 3, serverDivide.ToJsonString());
        Assert.True(clientDivide["errors"]!.GetValue<long>() >= 3, clientDivide.ToJsonString());
        Assert.True(data["windowSeconds"]!.GetValue<double>() is > 0 and <= 10, data.ToJsonString());

        var instance = data["clients"]!.AsArray()
            .SelectMany(c => c!["instances"]!.AsArray())
            .First(i => i!["address"]!.GetValue<string>() == host.RpcAddress)!;
        Assert.Equal("up", instance["status"]!.GetValue<string>());
        Assert.True(instance["connected"]!.GetValue<bool>());
        var server = data["servers"]!.AsArray().Single(s => s!["addresses"]!.AsArray().Any(a => a!.GetValue<string>() == host.RpcAddress))!;
        Assert.Equal("serving", server["serving"]!.GetValue<string>());
        Assert.False(server["draining"]!.GetValue<bool>());
        Assert.Contains("ArithService", server["services"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Fact]
    public async Task The_event_stream_sends_an_overview_each_second_and_ends_when_the_host_stops()
    {
        var host = await GatewayHost.StartAsync();
        await using var _ = host;
        using var response = await host.Http.GetAsync("/dashboard/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var events = new List<JsonNode>();
        var started = DateTime.UtcNow;
        while (events.Count < 3)
        {
            var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
            if (line?.StartsWith("data: ", StringComparison.Ordinal) == true)
            {
                events.Add(JsonNode.Parse(line["data: ".Length..])!);
            }
        }

        var took = DateTime.UtcNow - started;
        Assert.All(events, e => Assert.Contains(e["servers"]!.AsArray(), s => s!["addresses"]!.AsArray().Any(a => a!.GetValue<string>() == host.RpcAddress)));
        Assert.True(took > TimeSpan.FromSeconds(1.5), $"three events took {took}");

        var stopping = host.Host.StopAsync(TimeSpan.FromSeconds(10));
        var rest = reader.ReadToEndAsync();
        await rest.WaitAsync(TimeSpan.FromSeconds(10));
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task<JsonNode> ReadAsync(GatewayHost host)
    {
        using var response = await host.Http.GetAsync("/dashboard/data");
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static JsonNode Method(JsonNode data, string side, string method) =>
        data["methods"]!.AsArray().SingleOrDefault(m =>
            m!["side"]!.GetValue<string>() == side && m["service"]!.GetValue<string>() == "ArithService" && m["method"]!.GetValue<string>() == method)
        ?? throw new Xunit.Sdk.XunitException($"no {side} ArithService.{method} in {data["methods"]!.ToJsonString()}");
}
