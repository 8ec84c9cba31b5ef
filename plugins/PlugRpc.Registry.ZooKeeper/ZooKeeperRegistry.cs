using Microsoft.Extensions.Logging;
using PlugRpc.Discovery;
using PlugRpc.Registry.ZooKeeper.Client;
using PlugRpc.Registry.ZooKeeper.Protocol;

namespace PlugRpc.Registry.ZooKeeper;

/// <summary>
/// A ZooKeeper ensemble as a registry, in go-rpc's layout so both share one tree: an instance is the EPHEMERAL node
/// &lt;base&gt;/&lt;appKey&gt;/&lt;network&gt;@&lt;address&gt; holding its metadata JSON, and the app key node's data is
/// the last-update stamp, rewritten on every registration and removal. One session serves every client and server
/// of this object; it is closed on dispose, so the ephemeral nodes go at once.
/// </summary>
public sealed class ZooKeeperRegistry : IRegistry
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

    private readonly ZooKeeperRegistrySettings settings;

    /// <exception cref="FormatException">The URL names no host or has a bad parameter; one line saying why.</exception>
    /// <param name="logger">Where the session's moves between members and its expiry are told; none when null.</param>
    public ZooKeeperRegistry(RegistryAddress address, ILogger? logger = null)
    {
        Address = address;
        settings = ZooKeeperRegistrySettings.From(address);
        Client = new ZooKeeperClient(settings.Members, settings.SessionTimeout, logger);
    }

    public RegistryAddress Address { get; }

    internal ZooKeeperClient Client { get; }

    /// <summary>How long an operation keeps trying while ZooKeeper cannot be reached before it gives up.</summary>
    private TimeSpan ReachBound => settings.SessionTimeout < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : settings.SessionTimeout;

    public async Task<RegistryListing> ListAsync(string appKey, RegistryListing? after, CancellationToken cancellationToken)
    {
        var appPath = settings.AppPath(appKey);
        if (after?.Cursor is ListingCursor cursor)
        {
            await cursor.WaitAsync(cancellationToken);
        }

        return await WithSessionAsync(session => AppKeyListing.ReadAsync(session, appPath, cancellationToken), $"listing {appPath}", cancellationToken);
    }

    public async Task HoldAsync(ServiceRegistration registration, Action registered, CancellationToken cancellationToken)
    {
        var appPath = settings.AppPath(registration.AppKey);
        var nodePath = settings.NodePath(registration);
        var data = InstanceMetadataJson.Write(registration.Instance.Metadata);
        var session = await WithSessionAsync(
            async session =>
            {
                await EnsurePathAsync(session, appPath, cancellationToken);
                await CreateReplacingAsync(session, nodePath, data, cancellationToken);
                await session.SetDataAsync(appPath, UpdateStamp.Now(), -1, cancellationToken);
                return session;
            },
            $"registering {registration}",
            cancellationToken);
        registered();

        ZooKeeperException end;
        try
        {
            end = await session.Ended.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        throw end.Code == ZooKeeperErrorCode.SessionExpired
            ? new RegistryException($"ZooKeeper session expired, so {registration} is gone from {settings.Hosts} ({end.Message})", end)
            : new RegistryException($"ZooKeeper registry {settings.Hosts} was closed, so {registration} is no longer held", end);
    }

    public Task RemoveAsync(ServiceRegistration registration, CancellationToken cancellationToken)
    {
        var appPath = settings.AppPath(registration.AppKey);
        var nodePath = settings.NodePath(registration);
        return WithSessionAsync(
            async session =>
            {
                await IgnoringNoNodeAsync(session.DeleteAsync(nodePath, -1, cancellationToken));
                await IgnoringNoNodeAsync(session.SetDataAsync(appPath, UpdateStamp.Now(), -1, cancellationToken));
                return true;
            },
            $"removing {registration}",
            cancellationToken);
    }

    public ValueTask DisposeAsync() => Client.DisposeAsync();

    /// <summary>Creates the persistent parents of <paramref name="path"/> and the node itself where missing.</summary>
    private static async Task EnsurePathAsync(ZooKeeperSession session, string path, CancellationToken cancellationToken)
    {
        if ((await session.ExistsAsync(path, watch: false, cancellationToken)).Stat is not null)
        {
            return;
        }

        for (var slash = path.IndexOf('/', 1); ; slash = path.IndexOf('/', slash + 1))
        {
            var prefix = slash < 0 ? path : path[..slash];
            try
            {
                await session.CreateAsync(prefix, ReadOnlyMemory<byte>.Empty, CreateMode.Persistent, cancellationToken);
            }
            catch (ZooKeeperException ex) when (ex.Code == ZooKeeperErrorCode.NodeExists)
            {
            }

            if (slash < 0)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Creates the ephemeral node, first deleting one of the same name (left by an earlier session of ours, or a
    /// persistent one from an old go-rpc run), so the node is this session's.
    /// </summary>
    private static async Task CreateReplacingAsync(ZooKeeperSession session, string path, byte[] data, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await session.CreateAsync(path, data, CreateMode.Ephemeral, cancellationToken);
                return;
            }
            catch (ZooKeeperException ex) when (ex.Code == ZooKeeperErrorCode.NodeExists && attempt < 5)
            {
                await IgnoringNoNodeAsync(session.DeleteAsync(path, -1, cancellationToken));
            }
        }
    }

    private static async Task IgnoringNoNodeAsync(Task operation)
    {
        try
        {
            await operation;
        }
        catch (ZooKeeperException ex) when (ex.Code == ZooKeeperErrorCode.NoNode)
        {
        }
    }

    /// <summary>
    /// Runs <paramref name="operation"/> on the live session (a new one once the old has expired), again while the
    /// connection is lost or moves, for at most <see cref="ReachBound"/>; anything else it throws becomes a RegistryException.
    /// </summary>
    private async Task<T> WithSessionAsync<T>(Func<ZooKeeperSession, Task<T>> operation, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ReachBound;
        while (true)
        {
            try
            {
                return await operation(await Client.SessionAsync(cancellationToken));
            }
            catch (ZooKeeperException ex) when (ex.IsRetryable && !cancellationToken.IsCancellationRequested)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw new RegistryException($"ZooKeeper {settings.Hosts} could not be reached within {ReachBound.TotalSeconds:0.###} s for {what}: {ex.Message}", ex);
                }

                await Task.Delay(RetryPause, cancellationToken);
            }
            catch (ZooKeeperException ex)
            {
                throw new RegistryException($"ZooKeeper {settings.Hosts} refused {what}: {ex.Message}", ex);
            }
            catch (ObjectDisposedException ex)
            {
                throw new RegistryException($"ZooKeeper registry {settings.Hosts} is closed ({what})", ex);
            }
            catch (InvalidDataException ex)
            {
                throw new RegistryException($"ZooKeeper {settings.Hosts} sent a malformed reply while {what}: {ex.Message}", ex);
            }
        }
    }
}
