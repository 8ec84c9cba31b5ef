using System.Buffers.Binary;
using System.Net.Sockets;
using System.Threading.Channels;
using PlugRpc.Registry.ZooKeeper.Protocol;

namespace PlugRpc.Registry.ZooKeeper.Client;

/// <summary>
/// One TCP connection to one ensemble member, after the connect handshake: writes queued frames in order, pings
/// when it has sent nothing for a third of the session timeout, reads replies and answers the pending requests in
/// order, passes watch notifications on. Ends (failing what is pending with ConnectionLoss) on any error, on the
/// server closing it, or when the server has said nothing for two thirds of the session timeout.
/// </summary>
internal sealed class ZooKeeperConnection
{
    private const int MaxFrameLength = 64 * 1024 * 1024;
    private const int ReplyHeaderLength = 16;

    private readonly Socket socket;
    private readonly NetworkStream stream;
    private readonly Channel<byte[]> outgoing = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Queue<PendingRequest> pending = new();
    private readonly CancellationTokenSource closing = new();
    private readonly TaskCompletionSource<Exception> ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long lastReceived = Environment.TickCount64;
    private long lastSent = Environment.TickCount64;
    private bool closed;

    private ZooKeeperConnection(Socket socket, string member)
    {
        this.socket = socket;
        stream = new NetworkStream(socket, ownsSocket: true);
        Member = member;
    }

    /// <summary>host:port of the member.</summary>
    public string Member { get; }

    /// <summary>When the server last sent anything (Environment.TickCount64).</summary>
    public long LastReceived => Interlocked.Read(ref lastReceived);

    /// <summary>Completes with the reason once the connection has ended.</summary>
    public Task<Exception> Ended => ended.Task;

    /// <summary>Connects to <paramref name="host"/> and does the handshake, all within <paramref name="timeout"/>.</summary>
    public static async Task<(ZooKeeperConnection Connection, ConnectResponse Response)> OpenAsync(
        string host, int port, byte[] connectRequest, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var member = $"{host}:{port}";
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(host, port, bound.Token);
            var connection = new ZooKeeperConnection(socket, member);
            await connection.stream.WriteAsync(connectRequest, bound.Token);
            var response = ConnectHandshake.ReadResponse(await connection.ReadFrameAsync(bound.Token));
            return (connection, response);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"{member} did not answer the connect request within {timeout.TotalMilliseconds:0} ms");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Starts reading, writing and keeping the connection alive for a session of <paramref name="sessionTimeout"/>.</summary>
    public void Start(TimeSpan sessionTimeout, Action<WatchEvent> onNotification, Action<long> onZxid)
    {
        _ = Task.Run(() => ReadLoopAsync(onNotification, onZxid));
        _ = Task.Run(WriteLoopAsync);
        _ = Task.Run(() => KeepAliveLoopAsync(sessionTimeout / 3, sessionTimeout * 2 / 3));
    }

    /// <summary>Queues <paramref name="request"/> with the next xid; false when the connection has ended.</summary>
    public bool TrySend(PendingRequest request, Func<int> nextXid)
    {
        lock (pending)
        {
            if (closed)
            {
                return false;
            }

            request.Xid = nextXid();
            Requests.SetXid(request.Frame, request.Xid);
            pending.Enqueue(request);
            outgoing.Writer.TryWrite(request.Frame);
            return true;
        }
    }

    /// <summary>Ends the connection: closes the socket and fails every pending request with ConnectionLoss.</summary>
    public void Close(Exception reason)
    {
        PendingRequest[] unanswered;
        lock (pending)
        {
            if (closed)
            {
                return;
            }

            closed = true;
            unanswered = [.. pending];
            pending.Clear();
        }

        closing.Cancel();
        outgoing.Writer.TryComplete();
        socket.Dispose();
        var loss = new ZooKeeperException(ZooKeeperErrorCode.ConnectionLoss, $"ZooKeeper: the connection to {Member} was lost before the reply ({reason.Message})");
        foreach (var request in unanswered)
        {
            request.Fail(loss);
        }

        ended.TrySetResult(reason);
    }

    private async Task ReadLoopAsync(Action<WatchEvent> onNotification, Action<long> onZxid)
    {
        try
        {
            while (true)
            {
                var frame = await ReadFrameAsync(closing.Token);
                Interlocked.Exchange(ref lastReceived, Environment.TickCount64);
                Dispatch(frame, onNotification, onZxid);
            }
        }
        catch (EndOfStreamException)
        {
            Close(new IOException($"{Member} closed the connection"));
        }
        catch (Exception ex)
        {
            Close(ex);
        }
    }

    private void Dispatch(byte[] frame, Action<WatchEvent> onNotification, Action<long> onZxid)
    {
        var reader = new JuteReader(frame);
        var header = ReplyHeader.Read(ref reader);
        if (header.Xid == SpecialXid.Ping)
        {
            return;
        }

        if (header.Xid == SpecialXid.Notification)
        {
            var type = reader.ReadInt();
            reader.ReadInt(); // the server's session state, always SyncConnected here
            var path = reader.ReadString();
            if (type is >= (int)WatchEventType.NodeCreated and <= (int)WatchEventType.NodeChildrenChanged)
            {
                onNotification(new WatchEvent((WatchEventType)type, path));
            }

            return;
        }

        // Answered under the queue's lock: once Close has run, no reply arms a watch the session has already fired.
        lock (pending)
        {
            if (closed)
            {
                return;
            }

            if (!pending.TryDequeue(out var request) || request.Xid != header.Xid)
            {
                throw new InvalidDataException($"{Member} answered xid {header.Xid}, but the oldest request waiting is {request?.Xid.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
            }

            if (header.Zxid > 0)
            {
                onZxid(header.Zxid);
            }

            request.Answer(header.Error, frame[ReplyHeaderLength..]);
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (await outgoing.Reader.WaitToReadAsync(closing.Token))
            {
                while (outgoing.Reader.TryRead(out var frame))
                {
                    await stream.WriteAsync(frame, closing.Token);
                    Interlocked.Exchange(ref lastSent, Environment.TickCount64);
                }
            }
        }
        catch (Exception ex)
        {
            Close(ex);
        }
    }

    private async Task KeepAliveLoopAsync(TimeSpan pingInterval, TimeSpan readTimeout)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(20, pingInterval.TotalMilliseconds / 4)));
            while (await timer.WaitForNextTickAsync(closing.Token))
            {
                var now = Environment.TickCount64;
                if (now - LastReceived > readTimeout.TotalMilliseconds)
                {
                    Close(new TimeoutException($"{Member} sent nothing for {readTimeout.TotalMilliseconds:0} ms"));
                    return;
                }

                if (now - Interlocked.Read(ref lastSent) >= pingInterval.TotalMilliseconds)
                {
                    Interlocked.Exchange(ref lastSent, now);
                    outgoing.Writer.TryWrite(Requests.Ping());
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<byte[]> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var prefix = new byte[4];
        await stream.ReadExactlyAsync(prefix, cancellationToken);
        var length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (length is < 0 or > MaxFrameLength)
        {
            throw new InvalidDataException($"{Member} sent a frame of {length} bytes, not a ZooKeeper reply");
        }

        var frame = new byte[length];
        await stream.ReadExactlyAsync(frame, cancellationToken);
        return frame;
    }
}
