using System.Text.Json;
using Autofac;

namespace PlugRpc.Plugins;

/// <summary>
/// The entry point of a plugin: an Autofac module that registers the plugin's implementations under the
/// contracts, by name (see <see cref="PluginRegistrationExtensions"/>). The loader creates it with its
/// parameterless constructor, sets <see cref="Settings"/> from plugins.json, and registers it.
/// </summary>
public abstract class RpcPlugin : Module
{
    private static readonly JsonSerializerOptions SettingsJson = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        Converters = { new DurationJsonConverter() },
    };

    /// <summary>This plugin's "settings" object from plugins.json; an empty object when there is none.</summary>
    public JsonElement Settings { get; set; } = JsonDocument.Parse("{}").RootElement;

    /// <summary>Where <see cref="Settings"/> are in plugins.json (e.g. "plugins[3].settings"), for messages; the loader sets it.</summary>
    public string SettingsPath { get; set; } = "settings";

    /// <summary>Whether the plugin read its settings; the loader refuses settings given to a plugin that takes none.</summary>
    public bool SettingsRead { get; private set; }

    /// <summary>
    /// Reads <see cref="Settings"/> as <typeparamref name="T"/> (property names case-insensitive; a TimeSpan is
    /// written "250ms", "2s", "1m" or as milliseconds). As strict as options: a key that is no property of its
    /// class, at any depth, is an error naming its path and the valid keys.
    /// </summary>
    /// <exception cref="PluginSettingsException">The settings do not fit <typeparamref name="T"/>.</exception>
    protected T ReadSettings<T>()
        where T : new()
    {
        SettingsRead = true;
        if (Settings.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return new T();
        }

        if (JsonShape.Check(Settings, typeof(T), SettingsPath, JsonNamingPolicy.CamelCase) is { } misfit)
        {
            throw new PluginSettingsException(misfit);
        }

        try
        {
            return Settings.Deserialize<T>(SettingsJson) ?? new T();
        }
        catch (JsonException ex)
        {
            throw new PluginSettingsException(JsonShape.Describe(ex, typeof(T), SettingsPath), ex);
        }
    }
}
