using PlugRpc.Metrics.Prometheus;

namespace PlugRpc.Plugins.Tests.Telemetry;

/// <summary>The Prometheus plugin's settings: a wrong path is one line naming it (its scrapes are tested over the gateway's port).</summary>
public sealed class PrometheusPluginTests
{
    [Theory]
    [InlineData("""{"path": "metrics"}""", "prometheus: settings.path must be a path starting with '/', not 'metrics'")]
    [InlineData("""{"path": "/metrics?x=1"}""", "prometheus: settings.path must be a path starting with '/', not '/metrics?x=1'")]
    [InlineData("""{"path": " "}""", "prometheus: settings.path must be a path starting with '/', not ' '")]
    public void A_wrong_path_is_one_line_naming_it(string settings, string expected) =>
        Assert.Equal(expected, PluginContainer.SettingsError<PrometheusPlugin>(settings));
}
