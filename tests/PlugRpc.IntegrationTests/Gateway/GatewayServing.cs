using System.Text.Json.Nodes;
using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests.Gateway;

/// <summary>
/// One gateway host serving Arith and FleetService with auth on (see <see cref="GatewayHost"/>), for a test class: its
/// client calls its own server (so a service it does not serve is asked for over the wire), and its gateway takes
/// bodies up to <see cref="MaxBodyBytes"/>.
/// </summary>
public sealed class GatewayServing : IAsyncLifetime
{
    public const int MaxBodyBytes = 64 * 1024;

    internal GatewayHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var address = $"tcp://127.0.0.1:{FreePort.Next()}";
        Host = await GatewayHost.StartAsync(manifest =>
        {
            manifest["server"]!["addresses"] = new JsonArray(address);
            manifest["client"]!["addresses"] = new JsonArray(address);
            GatewayHost.SetPluginSettings(manifest, GatewayHost.GatewayPlugin, new JsonObject { ["url"] = "http://127.0.0.1:0", ["maxBodyBytes"] = MaxBodyBytes });
        });
    }

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();
}
