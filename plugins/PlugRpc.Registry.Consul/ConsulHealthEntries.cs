using System.Text.Json;
using PlugRpc.Discovery;

namespace PlugRpc.Registry.Consul;

/// <summary>
/// Reads the answer of GET /v1/health/service/:service as instances: the address from the service's Address (the
/// node's when empty, as Consul itself does) and Port, the network from the service ID PlugRpc gave it (tcp for a
/// service registered by other means), the metadata from Meta. An entry that cannot be read is skipped, naming its
/// service ID and why.
/// </summary>
internal static class ConsulHealthEntries
{
    /// <exception cref="FormatException">The answer is not a JSON array.</exception>
    public static (IReadOnlyList<ServiceInstance> Instances, IReadOnlyList<SkippedEntry> Skipped) Read(string appKey, string json)
    {
        using var document = Parse(json);
        if (document.RootElement.ValueKind == JsonValueKind.Null)
        {
            return ([], []);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"the health answer is a JSON {Kind(document.RootElement)}, not an array");
        }

        var instances = new List<ServiceInstance>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var skipped = new List<SkippedEntry>();
        var position = 0;
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            position++;
            var name = ServiceId(entry) ?? $"entry {position} of service '{appKey}'";
            var instance = TryRead(appKey, entry, out var why);
            if (instance is null)
            {
                skipped.Add(new SkippedEntry(name, why));
            }
            else if (seen.Add(instance.Address))
            {
                instances.Add(instance);
            }
        }

        return (instances, skipped);
    }

    private static ServiceInstance? TryRead(string appKey, JsonElement entry, out string why)
    {
        if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("Service", out var service) || service.ValueKind != JsonValueKind.Object)
        {
            why = "the entry has no Service object";
            return null;
        }

        var host = Text(service, "Address");
        if (string.IsNullOrEmpty(host) && entry.TryGetProperty("Node", out var node) && node.ValueKind == JsonValueKind.Object)
        {
            host = Text(node, "Address");
        }

        if (string.IsNullOrWhiteSpace(host) || host.Any(c => char.IsWhiteSpace(c) || c is '/' or '@' or '[' or ']'))
        {
            why = string.IsNullOrWhiteSpace(host) ? "it has no address (neither the service's nor its node's)" : $"its address '{host}' is not a host";
            return null;
        }

        if (!service.TryGetProperty("Port", out var portElement) || portElement.ValueKind != JsonValueKind.Number ||
            !portElement.TryGetInt32(out var port) || port is < 1 or > 65535)
        {
            why = $"its port {(service.TryGetProperty("Port", out var raw) ? raw.GetRawText() : "(none)")} is not from 1 to 65535";
            return null;
        }

        if (!TryReadMeta(service, out var metadata, out why))
        {
            return null;
        }

        var target = (host.Contains(':') ? $"[{host}]" : host) + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        why = string.Empty;
        return new ServiceInstance(Network(appKey, Text(service, "ID")) + "://" + target, metadata);
    }

    private static bool TryReadMeta(JsonElement service, out IReadOnlyDictionary<string, string> metadata, out string why)
    {
        metadata = ServiceInstance.EmptyMetadata;
        why = string.Empty;
        if (!service.TryGetProperty("Meta", out var meta) || meta.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (meta.ValueKind != JsonValueKind.Object)
        {
            why = $"its Meta is a JSON {Kind(meta)}, not an object";
            return false;
        }

        var read = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in meta.EnumerateObject())
        {
            if (pair.Value.ValueKind != JsonValueKind.String)
            {
                why = $"its Meta '{pair.Name}' is a JSON {Kind(pair.Value)}, not a string";
                return false;
            }

            read[pair.Name] = pair.Value.GetString()!;
        }

        metadata = read;
        return true;
    }

    /// <summary>The network of go-rpc's node name in a PlugRpc service ID ("app-tcp@host:port"); tcp otherwise.</summary>
    private static string Network(string appKey, string? id)
    {
        var prefix = appKey + "-";
        if (id is not null && id.StartsWith(prefix, StringComparison.Ordinal))
        {
            var at = id.IndexOf('@', prefix.Length);
            var network = at > prefix.Length ? id[prefix.Length..at] : string.Empty;
            if (network.Length > 0 && network.All(char.IsAsciiLetterOrDigit))
            {
                return network.ToLowerInvariant();
            }
        }

        return "tcp";
    }

    private static string? ServiceId(JsonElement entry) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("Service", out var service) && service.ValueKind == JsonValueKind.Object
            ? Text(service, "ID")
            : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Kind(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();

    private static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the health answer is not JSON: {ex.Message}", ex);
        }
    }
}
