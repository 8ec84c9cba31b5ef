using Microsoft.AspNetCore.Builder;
using PlugRpc.Http;

namespace PlugRpc.Tracing.OpenTelemetry;

/// <summary>
/// With metrics.exporter "prometheus", GET /metrics on the gateway's port answers the "PlugRpc" Meter in Prometheus'
/// text format, read from the plugin's MeterProvider at each scrape.
/// </summary>
internal sealed class PrometheusEndpoint(TelemetryProviders providers) : IHttpEndpoints<WebApplicationBuilder, WebApplication>
{
    public const string Path = "/metrics";

    public void Configure(WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(Path, providers.Metrics, configureBranchedPipeline: null, optionsName: null);
}
