using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PlugRpc.Diagnostics;

namespace PlugRpc.Tracing.OpenTelemetry;

/// <summary>
/// The OpenTelemetry SDK's providers for PlugRpc's ActivitySource and Meter (both named "PlugRpc"), exporting as the
/// settings say. Disposing them (with the container) exports what is left and stops listening.
/// </summary>
internal sealed class TelemetryProviders : IDisposable
{
    private TelemetryProviders(TracerProvider? traces, MeterProvider? metrics)
    {
        Traces = traces;
        Metrics = metrics;
    }

    /// <summary>Null when traces.exporter is "none": then nothing listens and calls make no span.</summary>
    public TracerProvider? Traces { get; }

    /// <summary>Null when metrics.exporter is "none".</summary>
    public MeterProvider? Metrics { get; }

    public static TelemetryProviders Start(TelemetrySettings settings)
    {
        var traces = settings.TraceExporter == "none" ? null : StartTraces(settings);
        MeterProvider? metrics;
        try
        {
            metrics = settings.MetricExporter == "none" ? null : StartMetrics(settings);
        }
        catch
        {
            traces?.Dispose();
            throw;
        }

        return new TelemetryProviders(traces, metrics);
    }

    public void Dispose()
    {
        Traces?.Dispose();
        Metrics?.Dispose();
    }

    private static ResourceBuilder Resource(TelemetrySettings settings)
    {
        var resource = ResourceBuilder.CreateDefault();
        return settings.ServiceName is { } name ? resource.AddService(name) : resource;
    }

    private static TracerProvider StartTraces(TelemetrySettings settings)
    {
        var builder = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(Resource(settings))
            .AddSource(RpcDiagnostics.Name)
            .SetSampler(settings.Sampler);
        builder = settings.TraceExporter switch
        {
            "zipkin" => AddZipkin(builder, settings.TraceEndpoint),
            "console" => builder.AddConsoleExporter(),
            _ => builder.AddOtlpExporter(otlp => Configure(otlp, settings.TraceEndpoint, settings.TraceProtocol, "v1/traces")),
        };
        return builder.Build();
    }

    /// <summary>
    /// OpenTelemetry marks its Zipkin exporter obsolete in favour of OTLP (which Zipkin can take too); it is kept
    /// for the Zipkin servers that only speak their own API.
    /// </summary>
#pragma warning disable CS0618
    private static TracerProviderBuilder AddZipkin(TracerProviderBuilder builder, Uri? endpoint) =>
        builder.AddZipkinExporter(zipkin =>
        {
            if (endpoint is not null)
            {
                zipkin.Endpoint = endpoint;
            }
        });
#pragma warning restore CS0618

    private static MeterProvider StartMetrics(TelemetrySettings settings)
    {
        var intervalMs = (int)Math.Clamp(settings.MetricInterval.TotalMilliseconds, 1, int.MaxValue);
        var builder = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(Resource(settings))
            .AddMeter(RpcDiagnostics.Name);
        builder = settings.MetricExporter == "console"
            ? builder.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = intervalMs)
            : builder.AddOtlpExporter((otlp, reader) =>
            {
                Configure(otlp, settings.MetricEndpoint, settings.MetricProtocol, "v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = intervalMs;
            });
        return builder.Build();
    }

    /// <summary>
    /// Sets the collector: with http/protobuf a URL without a path gets the signal's (<paramref name="signalPath"/>),
    /// as OTEL_EXPORTER_OTLP_ENDPOINT would; a URL with one is taken as it is.
    /// </summary>
    private static void Configure(OtlpExporterOptions otlp, Uri? endpoint, OtlpExportProtocol protocol, string signalPath)
    {
        otlp.Protocol = protocol;
        if (endpoint is null)
        {
            return;
        }

        otlp.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath == "/"
            ? new Uri(endpoint, signalPath)
            : endpoint;
    }
}
