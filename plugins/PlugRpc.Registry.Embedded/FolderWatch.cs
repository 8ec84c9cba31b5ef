namespace PlugRpc.Registry.Embedded;

/// <summary>Wakes a waiting lister when anything under a folder changes (a missing folder never wakes it: the poll covers it).</summary>
internal sealed class FolderWatch : IDisposable
{
    private readonly FileSystemWatcher? watcher;
    private volatile TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FolderWatch(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        watcher = new FileSystemWatcher(path) { IncludeSubdirectories = true };
        watcher.Created += (_, _) => next.TrySetResult();
        watcher.Deleted += (_, _) => next.TrySetResult();
        watcher.Changed += (_, _) => next.TrySetResult();
        watcher.Renamed += (_, _) => next.TrySetResult();
        watcher.EnableRaisingEvents = true;
    }

    /// <summary>Completes at the first change after the last <see cref="Reset"/>.</summary>
    public Task Next => next.Task;

    /// <summary>Call before reading the folder, so that a change during the read wakes the next wait.</summary>
    public void Reset()
    {
        if (next.Task.IsCompleted)
        {
            next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Dispose() => watcher?.Dispose();
}
