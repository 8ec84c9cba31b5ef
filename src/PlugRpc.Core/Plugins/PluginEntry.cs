using System.Text.Json;

namespace PlugRpc.Plugins;

/// <summary>One plugin listed in plugins.json, its DLL path resolved.</summary>
public sealed record PluginEntry(string Name, string AssemblyPath, bool Enabled, string? Sha256, JsonElement Settings)
{
    /// <summary>Where the entry is in plugins.json ("plugins[3]"), for messages.</summary>
    public string Where { get; init; } = "plugins[?]";
}
