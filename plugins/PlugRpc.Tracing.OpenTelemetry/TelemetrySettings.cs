using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using PlugRpc.Plugins;

namespace PlugRpc.Tracing.OpenTelemetry;

/// <summary>The plugin's settings checked: each wrong one is a <see cref="PluginSettingsException"/> of one line naming it.</summary>
internal sealed record TelemetrySettings(
    string? ServiceName,
    string TraceExporter,
    Uri? TraceEndpoint,
    OtlpExportProtocol TraceProtocol,
    Sampler Sampler,
    string MetricExporter,
    Uri? MetricEndpoint,
    OtlpExportProtocol MetricProtocol,
    TimeSpan MetricInterval)
{
    private const string Plugin = "opentelemetry";

    public static TelemetrySettings From(OpenTelemetryOptions options)
    {
        var traces = options.Traces ?? new();
        var metrics = options.Metrics ?? new();
        var traceExporter = OneOf("traces.exporter", traces.Exporter, "otlp", "zipkin", "console", "none");
        var metricExporter = OneOf("metrics.exporter", metrics.Exporter, "otlp", "console", "none");
        if (metrics.Interval <= TimeSpan.Zero)
        {
            throw new PluginSettingsException($"{Plugin}: settings.metrics.interval must be positive, not {metrics.Interval}");
        }

        return new TelemetrySettings(
            string.IsNullOrWhiteSpace(options.ServiceName) ? null : options.ServiceName,
            traceExporter,
            EndpointOf("traces.endpoint", traces.Endpoint),
            ProtocolOf("traces.protocol", traces.Protocol),
            SamplerOf(traces),
            metricExporter,
            EndpointOf("metrics.endpoint", metrics.Endpoint),
            ProtocolOf("metrics.protocol", metrics.Protocol),
            metrics.Interval);
    }

    private static Sampler SamplerOf(OpenTelemetryOptions.TraceOptions traces)
    {
        switch (OneOf("traces.sampler", traces.Sampler, "always", "never", "ratio"))
        {
            case "always":
                return new ParentBasedSampler(new AlwaysOnSampler());
            case "never":
                return new AlwaysOffSampler();
            default:
                if (traces.Ratio is < 0 or > 1 || double.IsNaN(traces.Ratio))
                {
                    throw new PluginSettingsException($"{Plugin}: settings.traces.ratio must be between 0 and 1, not {traces.Ratio}");
                }

                return new ParentBasedSampler(new TraceIdRatioBasedSampler(traces.Ratio));
        }
    }

    private static string OneOf(string setting, string? value, params string[] allowed)
    {
        var lower = value?.Trim().ToLowerInvariant();
        if (lower is null || Array.IndexOf(allowed, lower) < 0)
        {
            throw new PluginSettingsException($"{Plugin}: settings.{setting} must be one of {string.Join(", ", allowed)}, not '{value}'");
        }

        return lower;
    }

    private static Uri? EndpointOf(string setting, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new PluginSettingsException($"{Plugin}: settings.{setting} must be an http:// or https:// URL, not '{text}'");
        }

        return uri;
    }

    private static OtlpExportProtocol ProtocolOf(string setting, string? text) =>
        OneOf(setting, text ?? "grpc", "grpc", "http/protobuf") == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
}
