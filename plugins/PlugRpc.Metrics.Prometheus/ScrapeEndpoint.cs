using Microsoft.AspNetCore.Builder;
using OpenTelemetry.Metrics;
using PlugRpc.Http;

namespace PlugRpc.Metrics.Prometheus;

/// <summary>GET on the settings' path answers the plugin's MeterProvider in Prometheus' text format, read at each scrape.</summary>
internal sealed class ScrapeEndpoint(MeterProvider meters, string path) : IHttpEndpoints<WebApplicationBuilder, WebApplication>
{
    public void Configure(WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(path, meters, configureBranchedPipeline: null, optionsName: null);
}
