using System.Text.Json;
using System.Text.Json.Serialization;
using PlugRpc.Discovery;

namespace PlugRpc.Client;

/// <summary>
/// The last good instance list of one app key on disk (a client's cacheFile), so that a client started while its
/// registry is unreachable still finds its servers. Written whole to a temporary file and renamed over the old one.
/// </summary>
internal sealed class InstanceCacheFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly string path;
    private readonly string registry;
    private readonly string appKey;

    public InstanceCacheFile(string path, string registry, string appKey)
    {
        this.path = System.IO.Path.GetFullPath(path);
        this.registry = registry;
        this.appKey = appKey;
    }

    public string Path => path;

    public void Save(IReadOnlyList<ServiceInstance> instances, DateTimeOffset confirmedAt)
    {
        var content = new CachedList(registry, appKey, confirmedAt, instances.Select(i => new CachedInstance(i.Address, i.Metadata)).ToList());
        var directory = System.IO.Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(content, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The cached list and when it was confirmed; null when there is none.</summary>
    /// <exception cref="FormatException">The file is unreadable or caches another app key or registry; one line saying which.</exception>
    public (IReadOnlyList<ServiceInstance> Instances, DateTimeOffset ConfirmedAt)? Load()
    {
        if (!File.Exists(path))
        {
            return null;
        }

        CachedList? content;
        try
        {
            content = JsonSerializer.Deserialize<CachedList>(File.ReadAllBytes(path), Json);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"cache file {path} is unreadable: {ex.Message}", ex);
        }

        if (content?.Instances is null || content.AppKey != appKey || content.Registry != registry)
        {
            throw new FormatException($"cache file {path} holds another list (app key '{content?.AppKey}' at {content?.Registry}), not app key '{appKey}' at {registry}");
        }

        var instances = content.Instances
            .Where(i => RpcAddressIsValid(i.Address))
            .Select(i => new ServiceInstance(i.Address, i.Metadata ?? ServiceInstance.EmptyMetadata))
            .ToList();
        return (instances, content.ConfirmedAt);
    }

    private static bool RpcAddressIsValid(string? address) => Transport.RpcAddress.TryParse(address, out _, out _);

    private sealed record CachedList(
        [property: JsonPropertyName("registry")] string Registry,
        [property: JsonPropertyName("appKey")] string AppKey,
        [property: JsonPropertyName("confirmedAt")] DateTimeOffset ConfirmedAt,
        [property: JsonPropertyName("instances")] List<CachedInstance> Instances);

    private sealed record CachedInstance(
        [property: JsonPropertyName("address")] string Address,
        [property: JsonPropertyName("metadata")] IReadOnlyDictionary<string, string>? Metadata);
}
