using Microsoft.Extensions.Logging;

namespace PlugRpc.Registry.ZooKeeper.Client;

/// <summary>
/// The session a registry uses: opened on first use, replaced by a new one on the next use after it expired,
/// closed on dispose (so its ephemeral nodes go at once).
/// </summary>
internal sealed class ZooKeeperClient(IReadOnlyList<(string Host, int Port)> members, TimeSpan sessionTimeout, ILogger? logger = null) : IAsyncDisposable
{
    private readonly SemaphoreSlim opening = new(1, 1);
    private volatile ZooKeeperSession? current;
    private volatile bool disposed;

    public IReadOnlyList<(string Host, int Port)> Members { get; } = members;

    public TimeSpan SessionTimeout { get; } = sessionTimeout;

    /// <summary>The session now, if one is open (it may have ended since).</summary>
    public ZooKeeperSession? Current => current;

    /// <summary>The live session, opening a new one when there is none or it has ended (bounded by the session timeout).</summary>
    /// <exception cref="ZooKeeperException">ConnectionLoss: no member answered in time.</exception>
    public async Task<ZooKeeperSession> SessionAsync(CancellationToken cancellationToken)
    {
        var session = current;
        if (session is { IsEnded: false })
        {
            return session;
        }

        await opening.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            session = current;
            if (session is { IsEnded: false })
            {
                return session;
            }

            current = await ZooKeeperSession.OpenAsync(Members, SessionTimeout, cancellationToken, logger);
            return current;
        }
        finally
        {
            opening.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await opening.WaitAsync();
        try
        {
            disposed = true;
            if (current is { } session)
            {
                await session.CloseAsync();
            }
        }
        finally
        {
            opening.Release();
        }
    }
}
