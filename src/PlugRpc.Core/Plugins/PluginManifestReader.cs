using System.Text.Json;

namespace PlugRpc.Plugins;

/// <summary>Reads plugins.json strictly: a wrong type or an unknown key is an error that names where it is.</summary>
internal static class PluginManifestReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly string[] TopLevelKeys = ["pluginsDirectory", "plugins", "services", "server", "client"];
    private static readonly string[] PluginKeys = ["name", "path", "enabled", "sha256", "settings"];
    private static readonly string[] ServiceKeys = ["assembly"];

    public static PluginManifest Read(string json, string source, string baseDirectory)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new PluginLoadException($"{source} is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}): {FirstSentence(ex.Message)}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            Expect(root, JsonValueKind.Object, source, "the top level");
            RefuseUnknownKeys(root, TopLevelKeys, source, "the top level");
            var pluginsDirectory = Path.GetFullPath(Path.Combine(baseDirectory, OptionalString(root, "pluginsDirectory", source, "the top level") ?? PluginManifest.DefaultPluginsDirectory));
            var plugins = ReadPlugins(root, pluginsDirectory, source);
            var services = ReadServices(root, baseDirectory, source);
            return new PluginManifest(
                source,
                baseDirectory,
                pluginsDirectory,
                plugins,
                services,
                OptionalObject(root, "server", source),
                OptionalObject(root, "client", source));
        }
    }

    private static List<PluginEntry> ReadPlugins(JsonElement root, string pluginsDirectory, string source)
    {
        var entries = new List<PluginEntry>();
        if (!root.TryGetProperty("plugins", out var plugins))
        {
            return entries;
        }

        Expect(plugins, JsonValueKind.Array, source, "\"plugins\"");
        var index = 0;
        foreach (var item in plugins.EnumerateArray())
        {
            var where = $"plugins[{index++}]";
            Expect(item, JsonValueKind.Object, source, where);
            RefuseUnknownKeys(item, PluginKeys, source, where);
            var name = OptionalString(item, "name", source, where);
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new PluginLoadException($"{source}: {where} has no \"name\"");
            }

            if (entries.Any(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new PluginLoadException($"{source}: plugin '{name}' is listed twice");
            }

            var path = OptionalString(item, "path", source, where) ?? Path.Combine(name, name + ".dll");
            var enabled = true;
            if (item.TryGetProperty("enabled", out var enabledElement))
            {
                enabled = enabledElement.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw new PluginLoadException($"{source}: {where}.enabled must be true or false, not {enabledElement.ValueKind.ToString().ToLowerInvariant()}"),
                };
            }

            var settings = item.TryGetProperty("settings", out var settingsElement) ? settingsElement : default;
            if (settings.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
            {
                throw new PluginLoadException($"{source}: the settings of plugin '{name}' must be an object, not {settings.ValueKind.ToString().ToLowerInvariant()}");
            }

            entries.Add(new PluginEntry(
                name,
                Path.GetFullPath(Path.Combine(pluginsDirectory, path)),
                enabled,
                OptionalString(item, "sha256", source, where),
                settings.ValueKind == JsonValueKind.Object ? settings.Clone() : JsonDocument.Parse("{}").RootElement)
            { Where = where });
        }

        return entries;
    }

    private static List<ServiceAssemblyEntry> ReadServices(JsonElement root, string baseDirectory, string source)
    {
        var entries = new List<ServiceAssemblyEntry>();
        if (!root.TryGetProperty("services", out var services))
        {
            return entries;
        }

        Expect(services, JsonValueKind.Array, source, "\"services\"");
        var index = 0;
        foreach (var item in services.EnumerateArray())
        {
            var where = $"services[{index++}]";
            Expect(item, JsonValueKind.Object, source, where);
            RefuseUnknownKeys(item, ServiceKeys, source, where);
            var assembly = OptionalString(item, "assembly", source, where);
            if (string.IsNullOrWhiteSpace(assembly))
            {
                throw new PluginLoadException($"{source}: {where} has no \"assembly\"");
            }

            entries.Add(new ServiceAssemblyEntry(Path.GetFullPath(Path.Combine(baseDirectory, assembly))));
        }

        return entries;
    }

    private static JsonElement? OptionalObject(JsonElement parent, string key, string source)
    {
        if (!parent.TryGetProperty(key, out var value))
        {
            return null;
        }

        Expect(value, JsonValueKind.Object, source, $"\"{key}\"");
        return value.Clone();
    }

    private static string? OptionalString(JsonElement parent, string key, string source, string where)
    {
        if (!parent.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new PluginLoadException($"{source}: {where}.{key} must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}");
    }

    private static void Expect(JsonElement element, JsonValueKind kind, string source, string where)
    {
        if (element.ValueKind != kind)
        {
            throw new PluginLoadException($"{source}: {where} must be {Article(kind)}, not {element.ValueKind.ToString().ToLowerInvariant()}");
        }
    }

    private static void RefuseUnknownKeys(JsonElement element, string[] known, string source, string where)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new PluginLoadException($"{source}: unknown key \"{property.Name}\" in {where} (known: {string.Join(", ", known)})");
            }
        }
    }

    private static string Article(JsonValueKind kind) => kind == JsonValueKind.Array ? "an array" : "an object";

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
