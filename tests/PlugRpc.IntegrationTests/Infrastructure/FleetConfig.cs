using System.Text.Json.Nodes;

namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>Writes the plugins.json a fleet host runs with: absolute paths into artifacts/, so it may live anywhere.</summary>
internal static class FleetConfig
{
    public const string ServiceAssembly = "PlugRpc.Fixtures.FleetService";

    private static readonly string[] BasePlugins = ["PlugRpc.Codec.MessagePack", "PlugRpc.Transport.Tcp"];

    public static string ServicePath => Path.Combine(RepoPaths.ServicesDirectory, ServiceAssembly, ServiceAssembly + ".dll");

    /// <summary>Writes <paramref name="spec"/>'s plugins.json into <paramref name="directory"/> and returns its path.</summary>
    public static string Write(FleetHostSpec spec, string directory)
    {
        var plugins = new JsonArray();
        foreach (var name in BasePlugins)
        {
            plugins.Add(new JsonObject { ["name"] = name });
        }

        foreach (var (name, settings) in spec.Plugins)
        {
            var entry = new JsonObject { ["name"] = name };
            if (settings is not null)
            {
                entry["settings"] = JsonNode.Parse(settings);
            }

            plugins.Add(entry);
        }

        var tags = new JsonObject();
        foreach (var (key, value) in spec.Tags)
        {
            tags[key] = value;
        }

        var manifest = new JsonObject
        {
            ["pluginsDirectory"] = RepoPaths.PluginsDirectory,
            ["plugins"] = plugins,
            ["services"] = new JsonArray(new JsonObject { ["assembly"] = ServicePath }),
            ["server"] = new JsonObject
            {
                ["shutdownWait"] = "1s",
                ["filters"] = new JsonArray([.. spec.ServerFilters.Select(f => (JsonNode)f)]),
                ["tags"] = tags,
            },
        };
        var path = Path.Combine(directory, spec.Name + ".plugins.json");
        File.WriteAllText(path, manifest.ToJsonString());
        return path;
    }
}
