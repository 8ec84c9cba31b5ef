using PlugRpc.Plugins;

namespace PlugRpc.Metrics.Prometheus;

/// <summary>The plugin's settings in plugins.json.</summary>
public sealed class PrometheusSettings
{
    /// <summary>Where the scrape endpoint answers on the gateway's port.</summary>
    public string Path { get; set; } = "/metrics";

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path) || !Path.StartsWith('/') || Path.Contains('?', StringComparison.Ordinal))
        {
            throw new PluginSettingsException($"prometheus: settings.path must be a path starting with '/', not '{Path}'");
        }
    }
}
