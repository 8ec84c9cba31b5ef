using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PlugRpc.Options;

namespace PlugRpc.Hosting;

/// <summary>How a host uses plugins.json: whether it serves, and what the command line overrides.</summary>
public sealed class PlugRpcHostOptions
{
    /// <summary>Run the RPC server as a hosted service (a pure client host leaves it off).</summary>
    public bool Serve { get; set; } = true;

    /// <summary>Replaces the server's addresses from plugins.json when not empty.</summary>
    public List<string> Addresses { get; } = [];

    /// <summary>
    /// Whether the health checks include the client's heartbeats to its instances; null (the default) does so only
    /// in a host that does not serve, since a server's own client may go unused.
    /// </summary>
    public bool? CheckClient { get; set; }

    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Information;

    public Action<ServerOptions>? ConfigureServer { get; set; }

    public Action<ClientOptions>? ConfigureClient { get; set; }

    /// <summary>Changes to plugins' settings from plugins.json, by plugin name, applied in order (see <see cref="ChangePluginSettings"/>).</summary>
    public List<(string Plugin, Action<JsonObject> Change)> PluginSettingChanges { get; } = [];

    /// <summary>
    /// Changes <paramref name="plugin"/>'s settings from plugins.json before it loads, enabling it, and adding it from
    /// its folder under the plugins directory when plugins.json does not list it (e.g. --gateway URL).
    /// </summary>
    public void ChangePluginSettings(string plugin, Action<JsonObject> change) => PluginSettingChanges.Add((plugin, change));
}
