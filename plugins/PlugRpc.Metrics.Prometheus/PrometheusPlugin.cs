using Autofac;
using Microsoft.AspNetCore.Builder;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using PlugRpc.Diagnostics;
using PlugRpc.Plugins;

namespace PlugRpc.Metrics.Prometheus;

/// <summary>
/// A Prometheus scrape endpoint for the "PlugRpc" Meter on the HTTP gateway's port (GET /metrics unless settings.path
/// says otherwise), through a MeterProvider of its own with OpenTelemetry's Prometheus exporter; it needs the gateway
/// plugin with a url. The provider listens from the container's build and is disposed with it.
/// </summary>
public sealed class PrometheusPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder)
    {
        var settings = ReadSettings<PrometheusSettings>();
        settings.Validate();
        builder.Register(_ => Sdk.CreateMeterProviderBuilder().AddMeter(RpcDiagnostics.Name).AddPrometheusExporter().Build())
            .As<MeterProvider>().SingleInstance().AutoActivate();
        builder.RegisterHttpEndpoints(c => new ScrapeEndpoint(c.Resolve<MeterProvider>(), settings.Path));
    }
}
