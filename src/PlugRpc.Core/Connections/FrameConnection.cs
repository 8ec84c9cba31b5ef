using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using PlugRpc.Protocol;
using PlugRpc.Transport;

namespace PlugRpc.Connections;

/// <summary>
/// One transport connection spoken in frames: a read loop that cuts frames and hands them to a handler, and a send
/// loop that drains a pipe so that frames written while a socket write is under way go out together in the next one.
/// </summary>
internal sealed class FrameConnection : IAsyncDisposable
{
    private const int CoalesceLimit = 64 * 1024;
    private readonly ITransportConnection transport;
    private readonly IFrameProtocol protocol;
    private readonly FrameLimits limits;
    private readonly ILogger logger;
    private readonly PipeReader reader;
    private readonly Pipe outgoing;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly CancellationTokenSource closing = new();
    private readonly Task sendLoop;
    private int closed;

    public FrameConnection(ITransportConnection transport, IFrameProtocol protocol, FrameLimits limits, ILogger logger)
    {
        this.transport = transport;
        this.protocol = protocol;
        this.limits = limits;
        this.logger = logger;
        reader = PipeReader.Create(transport.Stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        outgoing = new Pipe(new PipeOptions(
            pauseWriterThreshold: 4 * 1024 * 1024,
            resumeWriterThreshold: 2 * 1024 * 1024,
            useSynchronizationContext: false));
        sendLoop = Task.Run(SendLoopAsync);
    }

    public string RemoteEndPoint => transport.RemoteEndPoint;

    public bool IsClosed => Volatile.Read(ref closed) != 0;

    /// <summary>When the last frame arrived (<see cref="Environment.TickCount64"/>).</summary>
    public long LastActivity { get; private set; } = Environment.TickCount64;

    /// <summary>Cancelled as soon as the connection starts closing.</summary>
    public CancellationToken Closing => closing.Token;

    /// <summary>Queues one frame. Throws <see cref="RpcException"/> (Unavailable) once the connection is closed.</summary>
    public async ValueTask SendAsync(MessageHeader header, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsClosed)
            {
                throw new RpcException(RpcStatusCode.Unavailable, $"connection to {RemoteEndPoint} is closed");
            }

            protocol.WriteFrame(outgoing.Writer, header, body);
            var result = await outgoing.Writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            if (result.IsCompleted)
            {
                throw new RpcException(RpcStatusCode.Unavailable, $"connection to {RemoteEndPoint} is closed");
            }
        }
        catch (InvalidOperationException ex) when (IsClosed)
        {
            throw new RpcException(RpcStatusCode.Unavailable, $"connection to {RemoteEndPoint} is closed", ex);
        }
        finally
        {
            writeLock.Release();
        }
    }

    /// <summary>Reads frames until the peer closes, a frame is malformed, or <see cref="Abort"/> is called.</summary>
    public async Task RunReceiveLoopAsync(IFrameHandler handler)
    {
        Exception? reason = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (true)
                    {
                        await handler.WaitForCapacityAsync().ConfigureAwait(false);
                        if (!protocol.TryReadFrame(ref buffer, limits, out var header, out var body))
                        {
                            break;
                        }

                        LastActivity = Environment.TickCount64;
                        handler.OnFrame(header, body);
                    }

                    if (result.IsCompleted)
                    {
                        if (!buffer.IsEmpty)
                        {
                            throw new ProtocolException($"connection closed in the middle of a frame ({buffer.Length} bytes unread)");
                        }

                        break;
                    }
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        catch (ProtocolException ex)
        {
            reason = ex;
            logger.LogWarning("closing connection with {RemoteEndPoint}: {Reason}", RemoteEndPoint, ex.Message);
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            reason = IsClosed ? null : ex;
            if (reason is not null)
            {
                logger.LogDebug("connection with {RemoteEndPoint} dropped: {Reason}", RemoteEndPoint, ex.Message);
            }
        }
        finally
        {
            Abort();
            handler.OnClosed(reason);
        }
    }

    /// <summary>Lets frames already queued go out (bounded by <paramref name="timeout"/>), then closes.</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        await writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await outgoing.Writer.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            writeLock.Release();
        }

        await Task.WhenAny(sendLoop, Task.Delay(timeout)).ConfigureAwait(false);
        Abort();
    }

    /// <summary>Closes at once: pending sends fail, the read loop ends.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref closed, 1) != 0)
        {
            return;
        }

        closing.Cancel();
        outgoing.Reader.CancelPendingRead();
        _ = transport.DisposeAsync().AsTask().ContinueWith(
            static t => _ = t.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        try
        {
            await sendLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }

        closing.Dispose();
    }

    private async Task SendLoopAsync()
    {
        var stream = transport.Stream;
        byte[]? gather = null;
        try
        {
            while (!IsClosed)
            {
                var result = await outgoing.Reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                if (result.IsCanceled)
                {
                    break;
                }

                try
                {
                    if (buffer.IsSingleSegment)
                    {
                        await stream.WriteAsync(buffer.First, closing.Token).ConfigureAwait(false);
                    }
                    else if (buffer.Length <= CoalesceLimit)
                    {
                        gather ??= new byte[CoalesceLimit];
                        buffer.CopyTo(gather);
                        await stream.WriteAsync(gather.AsMemory(0, (int)buffer.Length), closing.Token).ConfigureAwait(false);
                    }
                    else
                    {
                        foreach (var segment in buffer)
                        {
                            await stream.WriteAsync(segment, closing.Token).ConfigureAwait(false);
                        }
                    }

                    await stream.FlushAsync(closing.Token).ConfigureAwait(false);
                }
                finally
                {
                    outgoing.Reader.AdvanceTo(buffer.End);
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            if (!IsClosed)
            {
                logger.LogDebug("sending to {RemoteEndPoint} failed: {Reason}", RemoteEndPoint, ex.Message);
            }
        }
        finally
        {
            await outgoing.Reader.CompleteAsync().ConfigureAwait(false);
            Abort();
        }
    }
}
