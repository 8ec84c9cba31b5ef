using PlugRpc.Registry.ZooKeeper.Client;

namespace PlugRpc.Registry.ZooKeeper;

/// <summary>The watches a listing armed (the app key node, its children, each child's data): the next change fires one.</summary>
internal sealed class ListingCursor(IReadOnlyList<Task<WatchEvent>> watches)
{
    /// <summary>Completes when any of the watches fires, or the connection is lost or the session ends (which fire them all).</summary>
    public Task<Task<WatchEvent>> Changed { get; } = Task.WhenAny(watches);
}
