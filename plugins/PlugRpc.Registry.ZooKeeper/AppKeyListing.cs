using PlugRpc.Discovery;
using PlugRpc.Registry.ZooKeeper.Client;

namespace PlugRpc.Registry.ZooKeeper;

/// <summary>
/// Reads an app key's instances and watches them: the app key node's data (the stamp go-rpc servers touch), its
/// children, and each child's data. A missing app key node is an empty listing that watches for its creation; a
/// child that is not network@address or whose data is not metadata JSON is skipped, named with the reason.
/// </summary>
internal static class AppKeyListing
{
    public static async Task<RegistryListing> ReadAsync(ZooKeeperSession session, string appPath, CancellationToken cancellationToken)
    {
        while (true)
        {
            NodeData app;
            try
            {
                app = await session.GetDataAsync(appPath, watch: true, cancellationToken);
            }
            catch (ZooKeeperException ex) when (ex.Code == ZooKeeperErrorCode.NoNode)
            {
                var existence = await session.ExistsAsync(appPath, watch: true, cancellationToken);
                if (existence.Stat is null)
                {
                    return new RegistryListing([], 0, cursor: new ListingCursor([existence.Watch!]));
                }

                continue; // created meanwhile
            }

            NodeChildren children;
            try
            {
                children = await session.GetChildrenAsync(appPath, watch: true, cancellationToken);
            }
            catch (ZooKeeperException ex) when (ex.Code == ZooKeeperErrorCode.NoNode)
            {
                continue; // deleted meanwhile
            }

            var entries = await Task.WhenAll(children.Names.Select(name => ReadChildAsync(session, appPath, name, cancellationToken)));
            var watches = new List<Task<WatchEvent>> { app.Watch!, children.Watch! };
            watches.AddRange(entries.Select(e => e.Watch).OfType<Task<WatchEvent>>());
            var version = entries.Select(e => e.Zxid).Append(app.Stat.Mzxid).Append(app.Stat.Pzxid).Max();
            var instances = entries.Select(e => e.Instance).OfType<ServiceInstance>().OrderBy(i => i.Address, StringComparer.Ordinal).ToList();
            var skipped = entries.Select(e => e.Skipped).OfType<SkippedEntry>().ToList();
            return new RegistryListing(instances, version, skipped, new ListingCursor(watches));
        }
    }

    private static async Task<ChildEntry> ReadChildAsync(ZooKeeperSession session, string appPath, string name, CancellationToken cancellationToken)
    {
        var path = appPath + "/" + name;
        string address;
        try
        {
            address = InstanceNodeName.ToAddress(name);
        }
        catch (FormatException ex)
        {
            return new ChildEntry(null, new SkippedEntry(path, $"the node name is not an instance: {ex.Message}"), null, 0);
        }

        NodeData node;
        try
        {
            node = await session.GetDataAsync(path, watch: true, cancellationToken);
        }
        catch (ZooKeeperException ex) when (ex.Code == ZooKeeperErrorCode.NoNode)
        {
            return new ChildEntry(null, null, null, 0); // removed meanwhile; the child watch fires for it
        }

        try
        {
            return new ChildEntry(new ServiceInstance(address, InstanceMetadataJson.Read(node.Data)), null, node.Watch, node.Stat.Mzxid);
        }
        catch (FormatException ex)
        {
            return new ChildEntry(null, new SkippedEntry(path, ex.Message), node.Watch, node.Stat.Mzxid);
        }
    }

    private sealed record ChildEntry(ServiceInstance? Instance, SkippedEntry? Skipped, Task<WatchEvent>? Watch, long Zxid);
}
