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

    /// <summary>
    /// Reads <see cref="Settings"/> as <typeparamref name="T"/> (property names case-insensitive; a TimeSpan is
    /// written "250ms", "2s", "1m" or as milliseconds).
    /// </summary>
    /// <exception cref="PluginSettingsException">The settings do not fit <typeparamref name="T"/>.</exception>
    protected T ReadSettings<T>()
        where T : new()
    {
        try
        {
            return Settings.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
                ? new T()
                : Settings.Deserialize<T>(SettingsJson) ?? new T();
        }
        catch (JsonException ex)
        {
            throw new PluginSettingsException($"settings of {GetType().Name} do not fit {typeof(T).Name}: {ex.Message}", ex);
        }
    }
}
