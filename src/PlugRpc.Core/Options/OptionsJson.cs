using System.Text.Json;
using System.Text.Json.Serialization;
using PlugRpc.Plugins;

namespace PlugRpc.Options;

/// <summary>Reads an options section of plugins.json; a misspelt or mistyped option is an error, never ignored.</summary>
public static class OptionsJson
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new DurationJsonConverter(), new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    /// <exception cref="OptionsValidationException">The section does not fit <typeparamref name="T"/>.</exception>
    public static T Read<T>(JsonElement? section, string sectionName)
        where T : new()
    {
        if (section is not { } element || element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return new T();
        }

        try
        {
            return element.Deserialize<T>(Json) ?? new T();
        }
        catch (JsonException ex)
        {
            var where = string.IsNullOrEmpty(ex.Path) ? string.Empty : $" at {ex.Path}";
            throw new OptionsValidationException(sectionName, [$"{FirstLine(ex.Message)}{where}"]);
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
