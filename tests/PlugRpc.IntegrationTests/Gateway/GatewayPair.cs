using System.Text.Json.Nodes;
using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests.Gateway;

/// <summary>
/// Two gateway hosts: <see cref="Serving"/> serves Arith and FleetService (auth on) with a client that reaches nothing;
/// <see cref="Forwarding"/> serves only Arith and calls everything else through its client, which points at
/// <see cref="Serving"/> and has no filters of its own, so a caller's token is what the serving host's auth sees.
/// </summary>
public sealed class GatewayPair : IAsyncLifetime
{
    internal GatewayHost Serving { get; private set; } = null!;

    internal GatewayHost Forwarding { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Serving = await GatewayHost.StartAsync();
        var target = Serving.RpcAddress;
        Forwarding = await GatewayHost.StartAsync(manifest =>
        {
            manifest["services"] = new JsonArray(new JsonObject { ["assembly"] = Path.Combine(RepoPaths.ServicesDirectory, "PlugRpc.Samples.Arith", "PlugRpc.Samples.Arith.dll") });
            manifest["client"]!["addresses"] = new JsonArray(target);
            manifest["client"]!["filters"] = new JsonArray();
        });
    }

    public async Task DisposeAsync()
    {
        await Forwarding.DisposeAsync();
        await Serving.DisposeAsync();
    }
}
