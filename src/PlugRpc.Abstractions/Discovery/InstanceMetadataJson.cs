using System.Buffers;
using System.Text.Json;

namespace PlugRpc.Discovery;

/// <summary>
/// An instance's metadata as registries store it: go-rpc's JSON object, tags as a nested object under
/// <c>"tags"</c>, every other value a string. Reading keeps strings as they are and any other JSON value as its
/// text, so what go-rpc writes reads back unchanged.
/// </summary>
public static class InstanceMetadataJson
{
    public static byte[] Write(IReadOnlyDictionary<string, string> metadata)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                if (key == InstanceMetadataKeys.Tags && IsJsonObject(value))
                {
                    writer.WritePropertyName(key);
                    writer.WriteRawValue(value);
                }
                else
                {
                    writer.WriteString(key, value);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The metadata in <paramref name="json"/>; empty data or JSON null (go-rpc's nil map) is no metadata.</summary>
    /// <exception cref="FormatException">Not a JSON object; the message says why.</exception>
    public static IReadOnlyDictionary<string, string> Read(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            return ServiceInstance.EmptyMetadata;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Null)
            {
                return ServiceInstance.EmptyMetadata;
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"metadata is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object");
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                metadata[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }

            return metadata;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"metadata is not JSON: {ex.Message}", ex);
        }
    }

    private static bool IsJsonObject(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
