using PlugRpc.Registry.ZooKeeper.Client;

namespace PlugRpc.Registry.ZooKeeper;

/// <summary>The watches a listing armed (the app key node, its children, each child's data): the next change fires one.</summary>
internal sealed class ListingCursor(IReadOnlyList<Task<WatchEvent>> watches)
{
    /// <summary>
    /// Waits until any of the watches fires, or the connection is lost or the session ends (which fire them all).
    /// The watches are shared by every listing of the same nodes, so only a wait adds itself to them.
    /// </summary>
    public Task WaitAsync(CancellationToken cancellationToken) => Task.WhenAny(watches).WaitAsync(cancellationToken);
}
