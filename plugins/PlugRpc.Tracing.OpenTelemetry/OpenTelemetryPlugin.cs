using Autofac;
using PlugRpc.Plugins;

namespace PlugRpc.Tracing.OpenTelemetry;

/// <summary>
/// Wires the OpenTelemetry SDK to PlugRpc's spans and metrics: a TracerProvider for the "PlugRpc" ActivitySource and
/// a MeterProvider for the "PlugRpc" Meter, with the exporters and sampler its settings choose. They start as the
/// container is built and are disposed with it, which exports what is left.
/// </summary>
public sealed class OpenTelemetryPlugin : RpcPlugin
{
    protected override void Load(ContainerBuilder builder)
    {
        var settings = TelemetrySettings.From(ReadSettings<OpenTelemetryOptions>());
        builder.Register(_ => TelemetryProviders.Start(settings)).AsSelf().SingleInstance().AutoActivate();
    }
}
