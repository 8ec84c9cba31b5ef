using System.Text;
using PlugRpc.Discovery;

namespace PlugRpc.Registry.Embedded;

/// <summary>
/// file:///a/folder[?ttl=3s]: a registry for the processes of one machine, with no server. Each instance is one
/// file, <c>&lt;folder&gt;/&lt;appKey&gt;/&lt;network@address&gt;.json</c> holding its metadata (go-rpc's JSON), touched
/// by its owner every third of the TTL; a file not touched within the TTL is a crashed owner's and is ignored.
/// Listing waits on a file-system watcher, with a poll to notice files going stale.
/// </summary>
public sealed class FileRegistry : IRegistry
{
    private const string Suffix = ".json";
    private static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly string folder;
    private readonly TimeSpan ttl;

    public FileRegistry(RegistryAddress address)
    {
        if (address.Hosts.Count > 0 || address.Path.Length < 2)
        {
            throw new FormatException($"a file registry names an absolute folder, e.g. file:///var/lib/plugrpc; '{address}' does not");
        }

        address.CheckParameters("ttl");
        Address = address;
        folder = address.Path;
        ttl = address.DurationParameter("ttl", DefaultTtl);
    }

    public RegistryAddress Address { get; }

    public async Task<RegistryListing> ListAsync(string appKey, RegistryListing? after, CancellationToken cancellationToken)
    {
        var appFolder = AppFolder(appKey);
        var listing = Read(appFolder);
        if (after is null || !Same(listing, after))
        {
            return listing;
        }

        using var watch = new FolderWatch(Directory.Exists(appFolder) ? appFolder : folder);
        while (true)
        {
            await Task.WhenAny(watch.Next, Task.Delay(Poll, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            watch.Reset();
            listing = Read(appFolder);
            if (!Same(listing, after))
            {
                return listing;
            }
        }
    }

    public async Task HoldAsync(ServiceRegistration registration, Action registered, CancellationToken cancellationToken)
    {
        var path = FileOf(registration);
        Write(path, registration);
        registered();
        using var refresh = new PeriodicTimer(ttl / 3);
        try
        {
            while (await refresh.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (File.Exists(path))
                {
                    File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
                }
                else
                {
                    Write(path, registration);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Held until cancelled; RemoveAsync takes it out.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RegistryException($"cannot refresh {path}: {ex.Message}", ex);
        }
    }

    public Task RemoveAsync(ServiceRegistration registration, CancellationToken cancellationToken)
    {
        try
        {
            File.Delete(FileOf(registration));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RegistryException($"cannot delete {FileOf(registration)}: {ex.Message}", ex);
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string AppFolder(string appKey) => Path.Combine(folder, appKey);

    private string FileOf(ServiceRegistration registration) =>
        Path.Combine(AppFolder(registration.AppKey), Uri.EscapeDataString(InstanceNodeName.Of(registration.Instance.Address)) + Suffix);

    private static void Write(string path, ServiceRegistration registration)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + $".{Environment.ProcessId}.tmp";
            File.WriteAllBytes(temporary, InstanceMetadataJson.Write(registration.Instance.Metadata));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RegistryException($"cannot write {path}: {ex.Message}", ex);
        }
    }

    private RegistryListing Read(string appFolder)
    {
        var instances = new List<ServiceInstance>();
        var skipped = new List<SkippedEntry>();
        string[] files;
        try
        {
            files = Directory.Exists(appFolder) ? Directory.GetFiles(appFolder, "*" + Suffix) : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RegistryException($"cannot read the folder {appFolder}: {ex.Message}", ex);
        }

        var staleBefore = DateTime.UtcNow - ttl;
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            try
            {
                if (File.GetLastWriteTimeUtc(file) < staleBefore)
                {
                    continue;
                }

                var address = InstanceNodeName.ToAddress(Uri.UnescapeDataString(name[..^Suffix.Length]));
                instances.Add(new ServiceInstance(address, InstanceMetadataJson.Read(File.ReadAllBytes(file))));
            }
            catch (FormatException ex)
            {
                skipped.Add(new SkippedEntry(file, ex.Message));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone or being replaced between the listing and the read: the next round sees it as it is.
            }
        }

        return new RegistryListing(instances, skipped: skipped, cursor: Signature(instances));
    }

    private static bool Same(RegistryListing a, RegistryListing b) => Equals(a.Cursor, b.Cursor);

    private static string Signature(List<ServiceInstance> instances)
    {
        var text = new StringBuilder();
        foreach (var instance in instances)
        {
            text.Append(instance.Address).Append('\n');
            foreach (var (key, value) in instance.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                text.Append(key).Append('=').Append(value).Append('\n');
            }
        }

        return text.ToString();
    }
}
