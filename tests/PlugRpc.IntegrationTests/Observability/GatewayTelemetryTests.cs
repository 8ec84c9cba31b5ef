using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PlugRpc.Diagnostics;
using PlugRpc.IntegrationTests.Gateway;
using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests.Observability;

/// <summary>
/// Calls through the HTTP gateway served in-process are traced and measured as calls from the network are, and
/// the Prometheus plugin answers /metrics on the gateway's port; alone in the process, since
/// a listener sees every call in it.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed partial class GatewayTelemetryTests
{
    private const string PrometheusPlugin = "PlugRpc.Metrics.Prometheus";

    [Fact]
    public async Task An_in_process_gateway_call_continues_the_http_callers_trace_and_is_measured()
    {
        await using var host = await GatewayHost.StartAsync();
        using var spans = new SpanRecorder();
        using var metrics = new MetricRecorder();
        var callerTrace = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        using var request = GatewayHost.Post("/ArithService/Add", """{"A":2,"B":3}""", GatewayHost.Auth());
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{callerTrace}-{callerSpan}-01");

        var reply = await GatewayReply.ReadAsync(await host.Http.SendAsync(request));

        Assert.Equal(5, reply.Body.GetProperty("Reply").GetInt32());
        var server = spans.Single("ArithService/Add", ActivityKind.Server);
        Assert.Equal((callerTrace, callerSpan), (server.TraceId, server.ParentSpanId));
        Assert.Equal(0, server.GetTagItem(RpcTelemetryTags.StatusCode));
        var measured = Assert.Single(metrics.OfMethod(RpcMetricNames.ServerDuration, "ArithService", "Add", RpcStatusCode.Ok));
        Assert.InRange(measured.Value, 0, 5000);
        Assert.Equal(0, metrics.Of(RpcMetricNames.ServerActiveCalls).Sum(m => m.Value));
    }

    [Fact]
    public async Task A_failed_in_process_gateway_call_is_measured_under_its_status()
    {
        await using var host = await GatewayHost.StartAsync();
        using var spans = new SpanRecorder();
        using var metrics = new MetricRecorder();

        var reply = await GatewayReply.ReadAsync(await host.CallAsync("ArithService", "Add", """{"A":1,"B":2}""", GatewayHost.Auth("wrong-token")));

        Assert.Equal(401, reply.Status);
        var server = spans.Single("ArithService/Add", ActivityKind.Server);
        Assert.Equal(ActivityStatusCode.Error, server.Status);
        Assert.Single(metrics.OfMethod(RpcMetricNames.ServerDuration, "ArithService", "Add", RpcStatusCode.Unauthenticated));
    }

    [Fact]
    public async Task The_prometheus_exporter_answers_metrics_with_the_call_histograms()
    {
        await using var host = await GatewayHost.StartAsync(manifest => Enable(manifest, PrometheusPlugin));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(200, (await GatewayReply.ReadAsync(await host.CallAsync("ArithService", "Add", $$"""{"A":{{i}},"B":1}"""))).Status);
        }

        using var scrape = await host.Http.GetAsync("/metrics");
        var text = await scrape.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var counts = CountLine().Matches(text).Where(m => m.Groups["tags"].Value.Contains("rpc_method=\"Add\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, counts.Sum(m => long.Parse(m.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Matches(BucketLine(), text);
        Assert.Contains("# TYPE rpc_server_duration", text, StringComparison.Ordinal);
    }

    private static void Enable(JsonNode manifest, string plugin) =>
        manifest["plugins"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == plugin)!["enabled"] = true;

    [GeneratedRegex(@"^rpc_server_duration\w*_count\{(?<tags>[^}]*)\} (?<count>\d+)", RegexOptions.Multiline)]
    private static partial Regex CountLine();

    [GeneratedRegex(@"(?m)^rpc_server_duration\w*_bucket\{[^}]*rpc_service=""ArithService""[^}]*le=""[^""]+""[^}]*\} \d+")]
    private static partial Regex BucketLine();
}
