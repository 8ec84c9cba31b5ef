using System.Text.Json;
using System.Text.Json.Nodes;

namespace PlugRpc.Plugins;

/// <summary>plugins.json: which plugins to load from where, with which settings; the services; the options.</summary>
public sealed class PluginManifest
{
    public const string DefaultPluginsDirectory = "artifacts/plugins";

    internal PluginManifest(
        string source,
        string baseDirectory,
        string pluginsDirectory,
        IReadOnlyList<PluginEntry> plugins,
        IReadOnlyList<ServiceAssemblyEntry> services,
        JsonElement? server,
        JsonElement? client)
    {
        Source = source;
        BaseDirectory = baseDirectory;
        PluginsDirectory = pluginsDirectory;
        Plugins = plugins;
        Services = services;
        Server = server;
        Client = client;
    }

    /// <summary>The file read, or a description of where the text came from.</summary>
    public string Source { get; }

    /// <summary>The folder relative paths are resolved against: the file's own folder.</summary>
    public string BaseDirectory { get; }

    public string PluginsDirectory { get; }

    public IReadOnlyList<PluginEntry> Plugins { get; }

    public IReadOnlyList<ServiceAssemblyEntry> Services { get; }

    /// <summary>The "server" section, bound to options by the host.</summary>
    public JsonElement? Server { get; }

    /// <summary>The "client" section, bound to options by the host.</summary>
    public JsonElement? Client { get; }

    /// <summary>
    /// This manifest with plugin <paramref name="name"/> enabled and its settings changed by <paramref name="change"/>
    /// (a command-line override, e.g. the host's --gateway); a plugin not listed is added from its folder under
    /// <see cref="PluginsDirectory"/>.
    /// </summary>
    public PluginManifest WithPluginSettings(string name, Action<JsonObject> change)
    {
        var plugins = Plugins.ToList();
        var index = plugins.FindIndex(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        var entry = index >= 0 ? plugins[index] : new PluginEntry(name, Path.Combine(PluginsDirectory, name, name + ".dll"), true, null, default) { Where = $"plugins[{plugins.Count}]" };
        var settings = entry.Settings.ValueKind == JsonValueKind.Object ? JsonNode.Parse(entry.Settings.GetRawText())!.AsObject() : [];
        change(settings);
        using var changed = JsonDocument.Parse(settings.ToJsonString());
        entry = entry with { Enabled = true, Settings = changed.RootElement.Clone() };
        if (index >= 0)
        {
            plugins[index] = entry;
        }
        else
        {
            plugins.Add(entry);
        }

        return new PluginManifest(Source, BaseDirectory, PluginsDirectory, plugins, Services, Server, Client);
    }

    /// <exception cref="PluginLoadException">The file is missing or not a valid manifest.</exception>
    public static PluginManifest Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new PluginLoadException($"plugins.json not found: looked for {fullPath}");
        }

        return PluginManifestReader.Read(File.ReadAllText(fullPath), fullPath, Path.GetDirectoryName(fullPath)!);
    }

    /// <exception cref="PluginLoadException">The text is not a valid manifest.</exception>
    public static PluginManifest Parse(string json, string baseDirectory) =>
        PluginManifestReader.Read(json, "plugins.json text", Path.GetFullPath(baseDirectory));
}
