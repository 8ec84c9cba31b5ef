using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PlugRpc.Registry.ZooKeeper.Protocol;

namespace PlugRpc.Registry.ZooKeeper.Client;

/// <summary>
/// One ZooKeeper session and the operations on it. A lost connection is replaced by one to any member of the
/// ensemble, presenting the session's id, password and last zxid, until the server says the session expired or no
/// member answered for 4/3 of the session timeout (by then the ensemble has expired it); the session is then over
/// and <see cref="Ended"/> completes. Every wait is bounded: an operation waits for a reconnect at most that long,
/// and one in flight when its connection is lost fails with ConnectionLoss. A lost connection fires every watch
/// (the server forgets them), so a watcher reads again and watches again on the new connection.
/// </summary>
internal sealed class ZooKeeperSession
{
    private static readonly TimeSpan RoundPause = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ShortestAttempt = TimeSpan.FromMilliseconds(250);

    private readonly object gate = new();
    private readonly IReadOnlyList<(string Host, int Port)> members;
    private readonly TimeSpan requestedTimeout;
    private readonly ILogger logger;
    private readonly WatchTable watches = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly TaskCompletionSource<ZooKeeperException> ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ZooKeeperConnection? connection;
    private TaskCompletionSource connected = NewSignal();
    private ZooKeeperException? end;
    private bool closing;
    private string lastFailure = "no attempt made";
    private int memberIndex;
    private int xid;
    private long lastZxid;
    private Task loop = Task.CompletedTask;

    private ZooKeeperSession(IReadOnlyList<(string Host, int Port)> members, TimeSpan requestedTimeout, ILogger logger)
    {
        this.members = members;
        this.requestedTimeout = requestedTimeout;
        this.logger = logger;
        memberIndex = Random.Shared.Next(members.Count);
    }

    public long Id { get; private set; }

    public byte[] Password { get; private set; } = [];

    /// <summary>The session timeout the server granted.</summary>
    public TimeSpan Timeout { get; private set; }

    /// <summary>host:port of the member the session is (or was last) connected to.</summary>
    public string Member { get; private set; } = string.Empty;

    /// <summary>How many connections the session has had (1 until it first moves).</summary>
    public int Connections { get; private set; }

    /// <summary>Completes once the session is over: SessionExpired, or ConnectionLoss when this client closed it.</summary>
    public Task<ZooKeeperException> Ended => ended.Task;

    public bool IsEnded => Ended.IsCompleted;

    /// <summary>The highest zxid this session has seen.</summary>
    public long LastZxid => Interlocked.Read(ref lastZxid);

    /// <summary>Opens a new session on the first member that answers, trying each in turn for at most <paramref name="timeout"/>.</summary>
    /// <exception cref="ZooKeeperException">ConnectionLoss when no member answered in time.</exception>
    public static async Task<ZooKeeperSession> OpenAsync(
        IReadOnlyList<(string Host, int Port)> members, TimeSpan timeout, CancellationToken cancellationToken, ILogger? logger = null)
    {
        if (members.Count == 0)
        {
            throw new ArgumentException("no ZooKeeper member given", nameof(members));
        }

        var session = new ZooKeeperSession(members, timeout, logger ?? NullLogger.Instance);
        var attempt = await session.ConnectAnyAsync(Environment.TickCount64 + (long)timeout.TotalMilliseconds, cancellationToken)
            ?? throw new ZooKeeperException(ZooKeeperErrorCode.ConnectionLoss, $"ZooKeeper: none of {session.MemberList} answered within {timeout.TotalMilliseconds:0} ms (last: {session.lastFailure})");
        if (attempt.Response.Expired)
        {
            attempt.Connection.Close(new IOException("no session granted"));
            throw new ZooKeeperException(ZooKeeperErrorCode.ConnectionLoss, $"ZooKeeper: {attempt.Connection.Member} granted no session");
        }

        session.Adopt(attempt.Connection, attempt.Response);
        session.loop = Task.Run(session.KeepConnectedAsync);
        return session;
    }

    private string MemberList => string.Join(",", members.Select(m => $"{m.Host}:{m.Port}"));

    /// <summary>Creates <paramref name="path"/> (its parent must exist) with the open ACL; returns the path created.</summary>
    public async Task<string> CreateAsync(string path, ReadOnlyMemory<byte> data, CreateMode mode, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(Requests.Create(path, data.Span, mode), null, cancellationToken);
        ThrowOnError(reply, "create", path);
        var reader = new JuteReader(reply.Body);
        return reader.ReadString() ?? path;
    }

    /// <summary>Deletes <paramref name="path"/>, at <paramref name="version"/> only unless it is -1.</summary>
    public async Task DeleteAsync(string path, int version, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(Requests.Delete(path, version), null, cancellationToken);
        ThrowOnError(reply, "delete", path);
    }

    /// <summary>The node's stat, null when it does not exist; with <paramref name="watch"/>, a watch on its creation, data or deletion.</summary>
    public async Task<NodeExistence> ExistsAsync(string path, bool watch, CancellationToken cancellationToken)
    {
        var arm = watch ? ArmWhen(WatchKind.Data, path, ZooKeeperErrorCode.Ok, ZooKeeperErrorCode.NoNode) : null;
        var reply = await SendAsync(Requests.Exists(path, watch), arm, cancellationToken);
        if (reply.Error == (int)ZooKeeperErrorCode.NoNode)
        {
            return new NodeExistence(null, reply.Watch);
        }

        ThrowOnError(reply, "exists", path);
        var reader = new JuteReader(reply.Body);
        return new NodeExistence(NodeStat.Read(ref reader), reply.Watch);
    }

    /// <summary>The node's data and stat; with <paramref name="watch"/>, a watch on its data or deletion.</summary>
    /// <exception cref="ZooKeeperException">NoNode when it does not exist.</exception>
    public async Task<NodeData> GetDataAsync(string path, bool watch, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(Requests.GetData(path, watch), watch ? ArmWhen(WatchKind.Data, path, ZooKeeperErrorCode.Ok) : null, cancellationToken);
        ThrowOnError(reply, "getData", path);
        var reader = new JuteReader(reply.Body);
        var data = reader.ReadBuffer();
        return new NodeData(data, NodeStat.Read(ref reader), reply.Watch);
    }

    /// <summary>Replaces the node's data, at <paramref name="version"/> only unless it is -1; returns the new stat.</summary>
    public async Task<NodeStat> SetDataAsync(string path, ReadOnlyMemory<byte> data, int version, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(Requests.SetData(path, data.Span, version), null, cancellationToken);
        ThrowOnError(reply, "setData", path);
        var reader = new JuteReader(reply.Body);
        return NodeStat.Read(ref reader);
    }

    /// <summary>The names of the node's children; with <paramref name="watch"/>, a watch on the list (or the node's deletion).</summary>
    public async Task<NodeChildren> GetChildrenAsync(string path, bool watch, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(Requests.GetChildren(path, watch), watch ? ArmWhen(WatchKind.Children, path, ZooKeeperErrorCode.Ok) : null, cancellationToken);
        ThrowOnError(reply, "getChildren", path);
        var reader = new JuteReader(reply.Body);
        return new NodeChildren(reader.ReadStrings(), reply.Watch);
    }

    /// <summary>
    /// Closes the session (the server deletes its ephemeral nodes at once) and the connection; waits for the
    /// server's answer at most the session timeout, capped at 3 s.
    /// </summary>
    public async Task CloseAsync()
    {
        bool live;
        lock (gate)
        {
            closing = true; // the server drops the connection after answering: no reconnect then
            live = end is null && connection is not null;
        }

        if (live)
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromMilliseconds(Math.Min(3000, Math.Max(Timeout.TotalMilliseconds, 500))));
            try
            {
                var reply = await SendAsync(Requests.CloseSession(), null, bound.Token);
                ThrowOnError(reply, "closeSession", null);
            }
            catch (Exception ex) when (ex is ZooKeeperException or OperationCanceledException)
            {
                // Not answered: the ensemble expires the session after its timeout instead.
            }
        }

        End(new ZooKeeperException(ZooKeeperErrorCode.ConnectionLoss, $"ZooKeeper: session 0x{Id:x} was closed by this client"), WatchEventType.SessionClosed);
        await loop;
    }

    /// <summary>Drops the current connection as a network fault would (tests: the session must move and survive).</summary>
    internal void DropConnection()
    {
        ZooKeeperConnection? current;
        lock (gate)
        {
            current = connection;
        }

        current?.Close(new IOException("dropped on purpose"));
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void ThrowOnError(ZooKeeperReply reply, string op, string? path)
    {
        if (reply.Error != 0)
        {
            throw ZooKeeperException.FromReply(reply.Error, op, path);
        }
    }

    private Func<int, Task<WatchEvent>?> ArmWhen(WatchKind kind, string path, params ZooKeeperErrorCode[] outcomes) =>
        error => outcomes.Contains((ZooKeeperErrorCode)error) ? watches.Add(kind, path) : null;

    private async Task<ZooKeeperReply> SendAsync(byte[] frame, Func<int, Task<WatchEvent>?>? armWatch, CancellationToken cancellationToken)
    {
        var request = new PendingRequest(frame, armWatch);
        while (true)
        {
            Task reconnected;
            lock (gate)
            {
                if (end is not null)
                {
                    throw new ZooKeeperException(end.Code, end.Message);
                }

                if (connection is not null)
                {
                    if (!connection.TrySend(request, () => Interlocked.Increment(ref xid) & int.MaxValue))
                    {
                        throw new ZooKeeperException(ZooKeeperErrorCode.ConnectionLoss, $"ZooKeeper: the connection to {connection.Member} was lost");
                    }

                    break;
                }

                reconnected = connected.Task;
            }

            // Completes on the reconnect or when the session ends, within 4/3 of the session timeout.
            await reconnected.WaitAsync(cancellationToken);
        }

        return await request.Reply.WaitAsync(cancellationToken);
    }

    private async Task<(ZooKeeperConnection Connection, ConnectResponse Response)?> ConnectAnyAsync(long deadline, CancellationToken cancellationToken)
    {
        var attemptBound = TimeSpan.FromMilliseconds(Math.Max(ShortestAttempt.TotalMilliseconds, requestedTimeout.TotalMilliseconds / members.Count));
        while (true)
        {
            for (var tried = 0; tried < members.Count; tried++)
            {
                var remaining = deadline - Environment.TickCount64;
                if (remaining <= 0)
                {
                    return null;
                }

                var (host, port) = members[memberIndex % members.Count];
                var request = ConnectHandshake.Request(LastZxid, requestedTimeout, Id, Password);
                try
                {
                    var bound = TimeSpan.FromMilliseconds(Math.Min(attemptBound.TotalMilliseconds, remaining));
                    return await ZooKeeperConnection.OpenAsync(host, port, request, bound, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    lastFailure = $"{host}:{port}: {ex.Message}";
                    memberIndex++;
                }
            }

            var pause = Math.Min(RoundPause.TotalMilliseconds, deadline - Environment.TickCount64);
            if (pause > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(pause), cancellationToken);
            }
        }
    }

    private void Adopt(ZooKeeperConnection fresh, ConnectResponse response)
    {
        fresh.Start(response.Timeout, watches.Fire, zxid => InterlockedMax(ref lastZxid, zxid));
        TaskCompletionSource signal;
        lock (gate)
        {
            if (end is not null)
            {
                fresh.Close(new IOException("the session is over"));
                return;
            }

            Id = response.SessionId;
            Password = response.Password;
            Timeout = response.Timeout;
            Member = fresh.Member;
            Connections++;
            connection = fresh;
            signal = connected;
        }

        signal.TrySetResult();
    }

    private async Task KeepConnectedAsync()
    {
        try
        {
            while (true)
            {
                ZooKeeperConnection? current;
                lock (gate)
                {
                    current = connection;
                }

                if (current is null)
                {
                    return;
                }

                await current.Ended.WaitAsync(stopping.Token);
                var deadline = current.LastReceived + (long)(Timeout.TotalMilliseconds * 4 / 3);
                lock (gate)
                {
                    if (end is not null || closing)
                    {
                        return;
                    }

                    connection = null;
                    connected = NewSignal();
                }

                watches.FireAll(WatchEventType.ConnectionLost);
                logger.LogWarning("ZooKeeper session 0x{Session:x}: lost {Member}, moving to another member of {Members}", Id, current.Member, MemberList);
                memberIndex++;
                var attempt = await ConnectAnyAsync(deadline, stopping.Token);
                if (attempt is null)
                {
                    Expire($"no member of {MemberList} could be reached for {Timeout.TotalMilliseconds * 4 / 3:0} ms (last: {lastFailure})");
                    return;
                }

                if (attempt.Value.Response.Expired)
                {
                    attempt.Value.Connection.Close(new IOException("the session has expired"));
                    Expire($"{attempt.Value.Connection.Member} says it has expired");
                    return;
                }

                Adopt(attempt.Value.Connection, attempt.Value.Response);
                logger.LogInformation("ZooKeeper session 0x{Session:x}: moved to {Member}", Id, Member);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void Expire(string reason)
    {
        logger.LogWarning("ZooKeeper session 0x{Session:x} expired: {Reason}", Id, reason);
        End(new ZooKeeperException(ZooKeeperErrorCode.SessionExpired, $"ZooKeeper session 0x{Id:x} expired: {reason}"), WatchEventType.SessionExpired);
    }

    private void End(ZooKeeperException reason, WatchEventType watchEvent)
    {
        ZooKeeperConnection? current;
        TaskCompletionSource signal;
        lock (gate)
        {
            if (end is not null)
            {
                return;
            }

            end = reason;
            current = connection;
            connection = null;
            signal = connected;
        }

        stopping.Cancel();
        current?.Close(reason);
        signal.TrySetResult(); // waiting operations wake, see the end and throw it
        watches.FireAll(watchEvent);
        ended.TrySetResult(reason);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var seen = Interlocked.Read(ref target);
        while (value > seen)
        {
            var before = Interlocked.CompareExchange(ref target, value, seen);
            if (before == seen)
            {
                return;
            }

            seen = before;
        }
    }
}
