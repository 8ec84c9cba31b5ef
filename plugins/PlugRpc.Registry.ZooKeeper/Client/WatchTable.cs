namespace PlugRpc.Registry.ZooKeeper.Client;

/// <summary>
/// The watches a session has armed, one pending task per path and kind (data/exists, children) as the server keeps
/// them: a notification completes the ones it concerns; a lost connection or ended session completes them all.
/// </summary>
internal sealed class WatchTable
{
    private readonly Dictionary<string, TaskCompletionSource<WatchEvent>> data = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource<WatchEvent>> children = new(StringComparer.Ordinal);

    public Task<WatchEvent> Add(WatchKind kind, string path)
    {
        var table = kind == WatchKind.Children ? children : data;
        lock (this)
        {
            if (!table.TryGetValue(path, out var watch))
            {
                watch = new TaskCompletionSource<WatchEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
                table[path] = watch;
            }

            return watch.Task;
        }
    }

    /// <summary>Completes the watches a notification from the server concerns.</summary>
    public void Fire(WatchEvent change)
    {
        var fired = new List<TaskCompletionSource<WatchEvent>>(2);
        lock (this)
        {
            var path = change.Path ?? string.Empty;
            if (change.Type is WatchEventType.NodeCreated or WatchEventType.NodeDataChanged or WatchEventType.NodeDeleted)
            {
                Take(data, path, fired);
            }

            if (change.Type is WatchEventType.NodeChildrenChanged or WatchEventType.NodeDeleted)
            {
                Take(children, path, fired);
            }
        }

        fired.ForEach(w => w.TrySetResult(change));
    }

    /// <summary>Completes every watch (the connection was lost or the session ended).</summary>
    public void FireAll(WatchEventType type)
    {
        List<TaskCompletionSource<WatchEvent>> fired;
        lock (this)
        {
            fired = [.. data.Values, .. children.Values];
            data.Clear();
            children.Clear();
        }

        var change = new WatchEvent(type, null);
        fired.ForEach(w => w.TrySetResult(change));
    }

    private static void Take(Dictionary<string, TaskCompletionSource<WatchEvent>> table, string path, List<TaskCompletionSource<WatchEvent>> fired)
    {
        if (table.Remove(path, out var watch))
        {
            fired.Add(watch);
        }
    }
}

/// <summary>What a watch waits for: the node's data or existence, or its list of children.</summary>
internal enum WatchKind
{
    Data,
    Children,
}
