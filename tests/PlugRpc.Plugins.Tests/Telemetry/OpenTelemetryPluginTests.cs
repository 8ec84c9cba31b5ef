using System.Diagnostics;
using Autofac;
using PlugRpc.Diagnostics;
using PlugRpc.Tracing.OpenTelemetry;

namespace PlugRpc.Plugins.Tests.Telemetry;

/// <summary>
/// The OpenTelemetry plugin's settings, sampler and exporters, each exporter posting to a fake collector. Alone in the
/// process, so that no two providers listen at once and no other test's calls are traced meanwhile.
/// </summary>
[Collection(Name)]
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OpenTelemetryPluginTests
{
    public const string Name = "a tracer listening to the process";

    [Theory]
    [InlineData("""{"traces": {"exporter": "jaeger"}}""", "opentelemetry: settings.traces.exporter must be one of otlp, zipkin, console, none, not 'jaeger'")]
    [InlineData("""{"metrics": {"exporter": "zipkin"}}""", "opentelemetry: settings.metrics.exporter must be one of otlp, console, none, not 'zipkin'")]
    [InlineData("""{"traces": {"sampler": "sometimes"}}""", "opentelemetry: settings.traces.sampler must be one of always, never, ratio, not 'sometimes'")]
    [InlineData("""{"traces": {"sampler": "ratio", "ratio": 1.5}}""", "opentelemetry: settings.traces.ratio must be between 0 and 1, not 1.5")]
    [InlineData("""{"traces": {"endpoint": "collector:4317"}}""", "opentelemetry: settings.traces.endpoint must be an http:// or https:// URL, not 'collector:4317'")]
    [InlineData("""{"metrics": {"protocol": "thrift"}}""", "opentelemetry: settings.metrics.protocol must be one of grpc, http/protobuf, not 'thrift'")]
    [InlineData("""{"metrics": {"interval": "0s"}}""", "opentelemetry: settings.metrics.interval must be positive, not 00:00:00")]
    public void A_wrong_setting_is_one_line_naming_it(string settings, string expected) =>
        Assert.Equal(expected, PluginContainer.SettingsError<OpenTelemetryPlugin>(settings));

    [Fact]
    public void With_both_exporters_none_nothing_listens()
    {
        using var container = Build("""{"traces": {"exporter": "none"}, "metrics": {"exporter": "none"}}""");

        Assert.False(RpcDiagnostics.ActivitySource.HasListeners());
        Assert.Null(RpcDiagnostics.ActivitySource.StartActivity("Probe/Call"));
    }

    /// <summary>A span not kept is still made, unrecorded, so that its context (sampled flag off) reaches the server.</summary>
    [Fact]
    public void The_never_sampler_records_no_span_and_the_ratio_sampler_follows_a_sampled_caller()
    {
        using var collector = new FakeCollector();
        using (Build($$$"""{"traces": {"exporter": "otlp", "protocol": "http/protobuf", "endpoint": "{{{collector.Url}}}", "sampler": "never"}, "metrics": {"exporter": "none"}}"""))
        {
            Assert.True(RpcDiagnostics.ActivitySource.HasListeners());
            using var dropped = RpcDiagnostics.ActivitySource.StartActivity("Probe/Call");
            Assert.False(dropped?.Recorded ?? false);
        }

        using (Build($$$"""{"traces": {"exporter": "otlp", "protocol": "http/protobuf", "endpoint": "{{{collector.Url}}}", "sampler": "ratio", "ratio": 0}, "metrics": {"exporter": "none"}}"""))
        {
            using (var dropped = RpcDiagnostics.ActivitySource.StartActivity("Probe/Call"))
            {
                Assert.False(dropped?.Recorded ?? false);
            }

            var sampledCaller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
            using var child = RpcDiagnostics.ActivitySource.StartActivity("Probe/Call", ActivityKind.Server, sampledCaller);
            Assert.NotNull(child);
            Assert.True(child.Recorded);
        }

        Assert.False(RpcDiagnostics.ActivitySource.HasListeners());
    }

    [Fact]
    public async Task Otlp_over_http_exports_spans_and_metrics_to_the_collector_when_the_container_is_disposed()
    {
        using var collector = new FakeCollector();
        var container = Build($$"""
            {
              "serviceName": "otel-plugin-test",
              "traces": {"exporter": "otlp", "protocol": "http/protobuf", "endpoint": "{{collector.Url}}"},
              "metrics": {"exporter": "otlp", "protocol": "http/protobuf", "endpoint": "{{collector.Url}}", "interval": "1h"}
            }
            """);
        var probe = RpcDiagnostics.Meter.CreateCounter<long>("plugrpc.test.otlp_probe");

        using (var span = RpcDiagnostics.ActivitySource.StartActivity("OtlpProbe/Call", ActivityKind.Client))
        {
            Assert.NotNull(span);
            Assert.True(span.Recorded);
        }

        probe.Add(3);
        await container.DisposeAsync();

        Assert.True(collector.Received("/v1/traces", "OtlpProbe/Call"), $"received: {string.Join(", ", collector.Paths)}");
        Assert.True(collector.Received("/v1/traces", "otel-plugin-test"));
        Assert.True(collector.Received("/v1/metrics", "plugrpc.test.otlp_probe"));
        Assert.False(RpcDiagnostics.ActivitySource.HasListeners());
    }

    [Fact]
    public async Task Zipkin_exports_spans_to_its_endpoint()
    {
        using var collector = new FakeCollector();
        var container = Build($$$"""{"traces": {"exporter": "zipkin", "endpoint": "{{{collector.Url}}}/api/v2/spans"}, "metrics": {"exporter": "none"}}""");

        RpcDiagnostics.ActivitySource.StartActivity("ZipkinProbe/Call", ActivityKind.Server)?.Stop();
        await container.DisposeAsync();

        Assert.True(collector.Received("/api/v2/spans", "zipkinprobe/call") || collector.Received("/api/v2/spans", "ZipkinProbe/Call"), $"received: {string.Join(", ", collector.Paths)}");
    }

    private static IContainer Build(string settings) => PluginContainer.Build(b => b.AddPlugin<OpenTelemetryPlugin>(PluginContainer.Json(settings)));
}
