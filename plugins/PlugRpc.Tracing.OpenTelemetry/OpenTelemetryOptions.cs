namespace PlugRpc.Tracing.OpenTelemetry;

/// <summary>The plugin's settings in plugins.json, as written: <see cref="TelemetrySettings"/> checks them.</summary>
public sealed class OpenTelemetryOptions
{
    /// <summary>The service.name resource of everything exported; OpenTelemetry's default (OTEL_SERVICE_NAME, else unknown_service) when unset.</summary>
    public string? ServiceName { get; set; }

    public TraceOptions Traces { get; set; } = new();

    public MetricOptions Metrics { get; set; } = new();

    /// <summary>Where spans go and which are kept.</summary>
    public sealed class TraceOptions
    {
        /// <summary>"otlp", "zipkin", "console" or "none" (no span is made at all).</summary>
        public string Exporter { get; set; } = "otlp";

        /// <summary>The collector's URL; the exporter's default (OTEL_EXPORTER_OTLP_ENDPOINT, localhost) when unset.</summary>
        public string? Endpoint { get; set; }

        /// <summary>OTLP only: "grpc" or "http/protobuf".</summary>
        public string Protocol { get; set; } = "grpc";

        /// <summary>"always", "never" or "ratio"; a call whose caller was traced follows the caller's decision, except with "never".</summary>
        public string Sampler { get; set; } = "always";

        /// <summary>The share of new traces kept with the "ratio" sampler, 0 to 1.</summary>
        public double Ratio { get; set; } = 1;
    }

    /// <summary>Where measurements go and how often.</summary>
    public sealed class MetricOptions
    {
        /// <summary>"otlp", "console" or "none".</summary>
        public string Exporter { get; set; } = "otlp";

        public string? Endpoint { get; set; }

        /// <summary>OTLP only: "grpc" or "http/protobuf".</summary>
        public string Protocol { get; set; } = "grpc";

        /// <summary>How often measurements are exported.</summary>
        public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);
    }
}
