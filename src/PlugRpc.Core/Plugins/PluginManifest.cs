using System.Text.Json;

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
