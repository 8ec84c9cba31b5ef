using System.Text.Json;

namespace PlugRpc.Registry.Tests.Consul;

/// <summary>
/// The body of PUT /v1/agent/service/register as the fake reads it: Name, ID, Tags, Address, Port, Meta and Check or
/// Checks (TTL checks only), keys in any case and also snake case, as Consul accepts them; validated by Consul's
/// rules (Meta keys, value lengths, pair count; durations), with Consul's error texts for what it refuses.
/// </summary>
internal sealed record FakeConsulDefinition(
    string ID,
    string Name,
    IReadOnlyList<string>? Tags,
    string Address,
    int Port,
    IReadOnlyDictionary<string, string> Meta,
    IReadOnlyList<FakeConsulCheckDefinition> Checks)
{
    /// <summary>The definition in <paramref name="json"/>, or null and the 400 answer's text.</summary>
    public static FakeConsulDefinition? Read(string json, out string error)
    {
        error = string.Empty;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            error = $"Request decode failed: {ex.Message}";
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "Request decode failed: not an object";
                return null;
            }

            var name = Text(root, "Name");
            if (string.IsNullOrEmpty(name))
            {
                error = "Missing service name";
                return null;
            }

            var address = Text(root, "Address") ?? string.Empty;
            if (address is "0.0.0.0" or "::" or "[::]")
            {
                error = "Invalid service address";
                return null;
            }

            var port = 0;
            if (Find(root, "Port") is { } portElement && (portElement.ValueKind != JsonValueKind.Number || !portElement.TryGetInt32(out port) || port < 0 || port > 65535))
            {
                error = "Request decode failed: Port is not a port number";
                return null;
            }

            var meta = ReadMeta(root, out error);
            if (meta is null)
            {
                return null;
            }

            var id = Text(root, "ID") is { Length: > 0 } given ? given : name;
            var checks = new List<JsonElement>();
            if (Find(root, "Check") is { ValueKind: JsonValueKind.Object } single)
            {
                checks.Add(single);
            }

            if (Find(root, "Checks") is { ValueKind: JsonValueKind.Array } many)
            {
                checks.AddRange(many.EnumerateArray());
            }

            var definitions = new List<FakeConsulCheckDefinition>();
            for (var i = 0; i < checks.Count; i++)
            {
                var check = FakeConsulCheckDefinition.Read(checks[i], id, name, checks.Count == 1 ? null : i + 1, out error);
                if (check is null)
                {
                    return null;
                }

                definitions.Add(check);
            }

            var tags = Find(root, "Tags") is { ValueKind: JsonValueKind.Array } tagArray
                ? tagArray.EnumerateArray().Select(t => t.GetString() ?? string.Empty).ToList()
                : null;
            return new FakeConsulDefinition(id, name, tags, address, port, meta, definitions);
        }
    }

    internal static JsonElement? Find(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name.Replace("_", string.Empty, StringComparison.Ordinal), name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.Null ? null : property.Value;
            }
        }

        return null;
    }

    internal static string? Text(JsonElement element, string name) =>
        Find(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static Dictionary<string, string>? ReadMeta(JsonElement root, out string error)
    {
        error = string.Empty;
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Find(root, "Meta") is not { } element)
        {
            return meta;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            error = "Request decode failed: Meta is not an object of strings";
            return null;
        }

        foreach (var pair in element.EnumerateObject())
        {
            if (pair.Value.ValueKind != JsonValueKind.String)
            {
                error = "Request decode failed: Meta is not an object of strings";
                return null;
            }

            meta[pair.Name] = pair.Value.GetString()!;
        }

        if (meta.Count > 64)
        {
            error = "Invalid Service Meta: Node metadata cannot contain more than 64 key/value pairs";
            return null;
        }

        foreach (var (key, value) in meta)
        {
            var why = key.Length == 0 ? "Key cannot be blank"
                : !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? "Key contains invalid characters"
                : key.Length > 128 ? "Key is too long (limit: 128 characters)"
                : key.StartsWith("consul-", StringComparison.Ordinal) ? "Key prefix 'consul-' is reserved for internal use"
                : System.Text.Encoding.UTF8.GetByteCount(value) > 512 ? "Value is too long (limit: 512 characters)"
                : null;
            if (why is not null)
            {
                error = $"Invalid Service Meta: Couldn't load metadata pair ('{key}', '{value}'): {why}";
                return null;
            }
        }

        return meta;
    }
}

/// <summary>One TTL check of a service definition: ID (default "service:&lt;id&gt;", numbered when there are several), name, TTL, initial status, DeregisterCriticalServiceAfter.</summary>
internal sealed record FakeConsulCheckDefinition(string CheckID, string Name, TimeSpan Ttl, string? Status, TimeSpan? DeregisterAfter, string Notes)
{
    public static FakeConsulCheckDefinition? Read(JsonElement check, string serviceId, string serviceName, int? number, out string error)
    {
        error = string.Empty;
        var ttlText = FakeConsulDefinition.Text(check, "TTL");
        if (ttlText is null)
        {
            error = "Invalid check: the fake Consul agent runs TTL checks only";
            return null;
        }

        if (!FakeConsulDuration.TryParse(ttlText, out var ttl) || ttl <= TimeSpan.Zero)
        {
            error = $"Request decode failed: time: invalid duration \"{ttlText}\"";
            return null;
        }

        TimeSpan? deregisterAfter = null;
        if (FakeConsulDefinition.Text(check, "DeregisterCriticalServiceAfter") is { } afterText)
        {
            if (!FakeConsulDuration.TryParse(afterText, out var after))
            {
                error = $"Request decode failed: time: invalid duration \"{afterText}\"";
                return null;
            }

            deregisterAfter = after > TimeSpan.Zero ? after : null;
        }

        var status = FakeConsulDefinition.Text(check, "Status");
        if (status is { Length: > 0 } && status is not (FakeConsulAgent.Passing or FakeConsulAgent.Warning or FakeConsulAgent.Critical))
        {
            error = "Status for checks must 'passing', 'warning', 'critical'";
            return null;
        }

        var id = FakeConsulDefinition.Text(check, "CheckID") ?? FakeConsulDefinition.Text(check, "ID");
        id = id is { Length: > 0 } ? id : "service:" + serviceId + (number is null ? string.Empty : ":" + number);
        var name = FakeConsulDefinition.Text(check, "Name") is { Length: > 0 } given ? given : $"Service '{serviceName}' check";
        return new FakeConsulCheckDefinition(id, name, ttl, status is { Length: > 0 } ? status : null, deregisterAfter, FakeConsulDefinition.Text(check, "Notes") ?? string.Empty);
    }
}
