using System.Text.Json;

namespace PlugRpc.Discovery;

/// <summary>
/// Routing tags (go-rpc's tag routing): as an instance publishes them (a JSON object under
/// <see cref="InstanceMetadataKeys.Tags"/>) and as a request carries them (<see cref="MetadataKeys.TagPrefix"/> keys).
/// </summary>
public static class InstanceTags
{
    public static IReadOnlyDictionary<string, string> None { get; } = new Dictionary<string, string>();

    /// <summary>The tags an instance publishes; none when it publishes none.</summary>
    /// <exception cref="FormatException">The metadata holds something other than a JSON object of strings.</exception>
    public static IReadOnlyDictionary<string, string> Of(ServiceInstance instance) =>
        instance.Metadata.TryGetValue(InstanceMetadataKeys.Tags, out var json) ? Parse(json) : None;

    public static IReadOnlyDictionary<string, string> Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return None;
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? (IReadOnlyDictionary<string, string>)None;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"tags '{json}' are not a JSON object of strings: {ex.Message}", ex);
        }
    }

    /// <summary>The JSON object go-rpc publishes, keys in order.</summary>
    public static string Format(IReadOnlyDictionary<string, string> tags) =>
        JsonSerializer.Serialize(tags.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Value));

    /// <summary>The first tag of <paramref name="required"/> that <paramref name="actual"/> lacks or holds another value for; null when all match.</summary>
    public static string? FirstMismatch(IReadOnlyDictionary<string, string> required, IReadOnlyDictionary<string, string> actual)
    {
        foreach (var (key, value) in required)
        {
            if (!actual.TryGetValue(key, out var have) || !string.Equals(have, value, StringComparison.Ordinal))
            {
                return key;
            }
        }

        return null;
    }

    /// <summary>The tags a request carries in its metadata.</summary>
    public static Dictionary<string, string> FromRequest(Metadata metadata)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            if (key.StartsWith(MetadataKeys.TagPrefix, StringComparison.Ordinal))
            {
                tags[key[MetadataKeys.TagPrefix.Length..]] = value;
            }
        }

        return tags;
    }

    /// <summary>Writes <paramref name="tags"/> into a request's metadata.</summary>
    public static void AddToRequest(Metadata metadata, IReadOnlyDictionary<string, string> tags)
    {
        foreach (var (key, value) in tags)
        {
            metadata[MetadataKeys.TagPrefix + key] = value;
        }
    }
}
