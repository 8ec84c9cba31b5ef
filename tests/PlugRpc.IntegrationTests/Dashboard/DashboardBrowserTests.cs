using System.Text;
using System.Text.Json.Nodes;
using PlugRpc.Client;
using PlugRpc.Components;
using PlugRpc.IntegrationTests.Gateway;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;
using PlugRpc.Samples.Arith;
using PuppeteerSharp;

namespace PlugRpc.IntegrationTests.Dashboard;

/// <summary>
/// The dashboard in a real headless Chromium: three fleet host processes, and a PlugRpc.Host process with the gateway
/// whose client calls them (heartbeats on) under a small load through the gateway, while this test calls its own
/// server. The page lists the instances and the per-method figures, and shows a SIGKILLed instance change state
/// without a reload. The screenshot is kept in artifacts/test-results/dashboard/. It runs alone: a browser and four
/// host processes would take the CPU from the timing-sensitive tests beside it.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class DashboardBrowserTests : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] ChangedStates = ["unreachable", "degraded", "breaker open"];
    private readonly string directory = Directory.CreateTempSubdirectory("plugrpc-dashboard-").FullName;
    private readonly List<string> pageErrors = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    [ChromiumFact]
    public async Task The_page_lists_instances_and_methods_and_shows_a_killed_instance_change_state_live()
    {
        await using var fleet = await Fleet.StartAsync(FleetHostSpec.Plain(3));
        var gatewayUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var rpcAddress = $"tcp://127.0.0.1:{FreePort.Next()}";
        await using var gateway = ProcessRun.Start(
            RepoPaths.HostDll("PlugRpc.Host"),
            ["--address", rpcAddress, "--gateway", gatewayUrl, "--config", WriteConfig(fleet)]);
        await gateway.WaitForOutputAsync($"gateway listening on {gatewayUrl}", StartTimeout);
        await using var container = TestBed.BuildContainer();
        await using var client = container.CreateRpcClient(new ClientOptions { Addresses = [rpcAddress], RequestTimeout = TimeSpan.FromSeconds(5) });
        using var http = new HttpClient { BaseAddress = new Uri(gatewayUrl), Timeout = TimeSpan.FromSeconds(10) };
        using var load = new CancellationTokenSource();
        var loading = Task.WhenAll(
            Task.Run(() => WorkThroughGatewayAsync(http, load.Token)),
            Task.Run(() => WorkThroughGatewayAsync(http, load.Token)),
            Task.Run(() => CallGatewayServerAsync(client, load.Token)));

        await using var browser = await Chromium.LaunchAsync();
        await using var page = await browser.NewPageAsync();
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error)
            {
                pageErrors.Add(e.Message.Text);
            }
        };
        page.PageError += (_, e) => pageErrors.Add(e.Message);
        try
        {
            await page.GoToAsync(gatewayUrl + "/dashboard");
            foreach (var host in fleet.Hosts)
            {
                await WaitAsync(page, $"{StatusOf(host.Address)} === 'up'", $"{host} listed as up");
            }

            await WaitAsync(page, $"{CellOf("client FleetService.Work", "callsPerSecond")} > 0 && {CellOf("client FleetService.Work", "p99")} !== '–'", "client FleetService.Work with calls/s and p99");
            await WaitAsync(page, $"{CellOf("server ArithService.Add", "callsPerSecond")} > 0", "server ArithService.Add with calls/s");
            await WaitAsync(page, $"{CellOf("server ArithService.Divide", "errors")}.startsWith('0') === false", "server ArithService.Divide with errors");
            await page.EvaluateExpressionAsync("window.sameDocument = true");
            var updatesBefore = await page.EvaluateExpressionAsync<int>("Number(document.body.dataset.updates)");

            var victim = fleet[1];
            victim.Kill();
            var changed = string.Join(" || ", ChangedStates.Select(s => $"{StatusOf(victim.Address)} === '{s}'"));
            await WaitAsync(page, changed, $"{victim} shown as one of {string.Join(", ", ChangedStates)}");

            Assert.True(await page.EvaluateExpressionAsync<bool>("window.sameDocument === true"), "the page was reloaded");
            Assert.True(await page.EvaluateExpressionAsync<int>("Number(document.body.dataset.updates)") > updatesBefore);
            Assert.Equal("up", await page.EvaluateExpressionAsync<string>(StatusOf(fleet[0].Address)));
            Assert.Equal("up", await page.EvaluateExpressionAsync<string>(StatusOf(fleet[2].Address)));
            Assert.StartsWith("Live: updated", await page.EvaluateExpressionAsync<string>("document.getElementById('live').textContent"), StringComparison.Ordinal);
            Assert.Contains(rpcAddress, await page.EvaluateExpressionAsync<string>("document.querySelector('tr[data-server] td[data-field=addresses]').textContent"), StringComparison.Ordinal);
            Assert.Empty(pageErrors);
        }
        finally
        {
            await page.ScreenshotAsync(Path.Combine(Chromium.ArtifactsDirectory("dashboard"), "dashboard.png"), new ScreenshotOptions { FullPage = true });
            await load.CancelAsync();
            await loading;
            gateway.Terminate();
            await gateway.WaitForExitAsync(StartTimeout);
        }
    }

    /// <summary>The status word of instance <paramref name="address"/>, as a page expression ('' while it is not listed).</summary>
    private static string StatusOf(string address) => CellOf(address, "status", "data-instance");

    private static string CellOf(string row, string field, string rowAttribute = "data-method") =>
        $"(document.querySelector('tr[{rowAttribute}=\"{row}\"] td[data-field={field}]') || {{ textContent: '' }}).textContent";

    private async Task WaitAsync(IPage page, string condition, string what)
    {
        try
        {
            await page.WaitForFunctionAsync($"() => {condition}", new WaitForFunctionOptions { Timeout = 30_000, PollingInterval = 100 });
        }
        catch (WaitTaskTimeoutException)
        {
            var body = await page.EvaluateExpressionAsync<string>("document.body.innerText");
            Assert.Fail($"the page never showed {what}; it shows:\n{body}\npage errors: {string.Join("; ", pageErrors)}");
        }
    }

    /// <summary>FleetService.Work through the gateway's client, some 25 calls a second, until cancelled (failures are the kill's).</summary>
    private static async Task WorkThroughGatewayAsync(HttpClient http, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                using var response = await http.SendAsync(GatewayHost.Post("/FleetService/Work", $$"""{"Id":{{i}},"Value":{{i}}}"""), stop);
                await Task.Delay(40, stop);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException)
            {
            }
        }
    }

    /// <summary>ArithService on the gateway host's own server, with a failing Divide now and then, until cancelled.</summary>
    private static async Task CallGatewayServerAsync(RpcClient client, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                await client.CallAsync<ArithRequest, ArithResponse>("ArithService.Add", new ArithRequest { A = i, B = 1 }, cancellationToken: stop);
                if (i % 10 == 0)
                {
                    await client.CallAsync<ArithRequest, ArithResponse>("ArithService.Divide", new ArithRequest { A = i, B = 0 }, cancellationToken: stop);
                }
            }
            catch (RpcException)
            {
            }

            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>
    /// The gateway host's plugins.json: Arith served (no filters), the gateway, and a client of the fleet with
    /// heartbeats every 200 ms (degraded after 2 failures), failover and the circuit breaker.
    /// </summary>
    private string WriteConfig(Fleet fleet)
    {
        var manifest = new JsonObject
        {
            ["pluginsDirectory"] = RepoPaths.PluginsDirectory,
            ["plugins"] = new JsonArray(
                new JsonObject { ["name"] = "PlugRpc.Codec.MessagePack" },
                new JsonObject { ["name"] = "PlugRpc.Transport.Tcp" },
                new JsonObject { ["name"] = "PlugRpc.Selectors" },
                new JsonObject { ["name"] = "PlugRpc.Filters.CircuitBreaker" },
                new JsonObject { ["name"] = GatewayHost.GatewayPlugin }),
            ["services"] = new JsonArray(new JsonObject { ["assembly"] = Path.Combine(RepoPaths.ServicesDirectory, "PlugRpc.Samples.Arith", "PlugRpc.Samples.Arith.dll") }),
            ["server"] = new JsonObject { ["shutdownWait"] = "1s" },
            ["client"] = new JsonObject
            {
                ["addresses"] = new JsonArray([.. fleet.Hosts.Select(h => (JsonNode)h.Address)]),
                ["requestTimeout"] = "2s",
                ["dialTimeout"] = "500ms",
                ["failMode"] = "failover",
                ["filters"] = new JsonArray("breaker"),
                ["heartbeat"] = true,
                ["heartbeatInterval"] = "200ms",
                ["heartbeatDegradeThreshold"] = 2,
            },
        };
        var path = Path.Combine(directory, "gateway.plugins.json");
        File.WriteAllText(path, manifest.ToJsonString(), Encoding.UTF8);
        return path;
    }
}
