namespace PlugRpc.Discovery;

/// <summary>
/// An app key's instances as a registry listed them at one moment. <see cref="Version"/> and <see cref="Cursor"/>
/// are the plugin's own (a revision, an index, a pending watch) for waiting on the next change; Core never reads them.
/// </summary>
public sealed class RegistryListing
{
    public RegistryListing(IReadOnlyList<ServiceInstance> instances, long version = 0, IReadOnlyList<SkippedEntry>? skipped = null, object? cursor = null)
    {
        Instances = instances;
        Version = version;
        Skipped = skipped ?? [];
        Cursor = cursor;
    }

    public IReadOnlyList<ServiceInstance> Instances { get; }

    /// <summary>Entries that could not be read as instances (Core warns once about each, naming it).</summary>
    public IReadOnlyList<SkippedEntry> Skipped { get; }

    public long Version { get; }

    public object? Cursor { get; }
}

/// <summary>A registry entry that is not a readable instance: its name in the registry and why.</summary>
public sealed record SkippedEntry(string Name, string Reason);
