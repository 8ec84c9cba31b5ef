using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlugRpc.Plugins;

/// <summary>Reads durations as "250ms", "2s", "1m", "00:00:01", or a number of milliseconds.</summary>
public sealed class DurationJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return TimeSpan.FromMilliseconds(reader.GetDouble());
        }

        var text = reader.GetString();
        return TryParse(text, out var value)
            ? value
            : throw new JsonException($"'{text}' is not a duration; write e.g. \"250ms\", \"2s\", \"1m\" or \"00:00:02\"");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("c", CultureInfo.InvariantCulture));

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        (string Suffix, double Scale)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, scale) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) &&
                double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                value = TimeSpan.FromMilliseconds(number * scale);
                return true;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }
}
