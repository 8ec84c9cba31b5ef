using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PlugRpc.Protocol;
using PlugRpc.Transport;

namespace PlugRpc.Connections;

/// <summary>
/// One transport connection spoken in frames: a read loop that cuts frames and hands them to a handler, and a send
/// loop that drains a queue of frames into the stream and flushes once per batch, so frames queued while a socket
/// write is under way go out together in the next one. Senders never wait for each other: queueing is lock-free.
/// </summary>
internal sealed class FrameConnection : IAsyncDisposable
{
    private readonly ITransportConnection transport;
    private readonly IFrameProtocol protocol;
    private readonly FrameLimits limits;
    private readonly ILogger logger;
    private readonly PipeReader reader;
    private readonly PipeWriter writer;
    private readonly Channel<OutgoingFrame> outgoing = Channel.CreateUnbounded<OutgoingFrame>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
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
        writer = PipeWriter.Create(transport.Stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
        sendLoop = Task.Run(SendLoopAsync);
    }

    public string RemoteEndPoint => transport.RemoteEndPoint;

    public bool IsClosed => Volatile.Read(ref closed) != 0;

    /// <summary>When the last frame arrived (<see cref="Environment.TickCount64"/>).</summary>
    public long LastActivity { get; private set; } = Environment.TickCount64;

    /// <summary>Cancelled as soon as the connection starts closing.</summary>
    public CancellationToken Closing => closing.Token;

    /// <summary>
    /// Queues one frame; <paramref name="bodyOwner"/> is disposed once the body has been written (or at once if the
    /// connection is closed). Throws <see cref="RpcException"/> (Unavailable) once the connection is closed.
    /// </summary>
    public void Send(MessageHeader header, ReadOnlySequence<byte> body, IDisposable? bodyOwner)
    {
        if (IsClosed || !outgoing.Writer.TryWrite(new OutgoingFrame(header, body, bodyOwner)))
        {
            bodyOwner?.Dispose();
            throw new RpcException(RpcStatusCode.Unavailable, $"connection to {RemoteEndPoint} is closed");
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
        outgoing.Writer.TryComplete();
        await Task.WhenAny(sendLoop, Task.Delay(timeout)).ConfigureAwait(false);
        Abort();
    }

    /// <summary>Closes at once: queued frames are dropped, the read loop ends.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref closed, 1) != 0)
        {
            return;
        }

        outgoing.Writer.TryComplete();
        closing.Cancel();
        _ = transport.DisposeAsync().AsTask().ContinueWith(
            static t => _ = t.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        await sendLoop.ConfigureAwait(false);
        closing.Dispose();
    }

    private async Task SendLoopAsync()
    {
        var queue = outgoing.Reader;
        try
        {
            while (await queue.WaitToReadAsync().ConfigureAwait(false))
            {
                while (queue.TryRead(out var frame))
                {
                    try
                    {
                        protocol.WriteFrame(writer, frame.Header, frame.Body);
                    }
                    finally
                    {
                        frame.BodyOwner?.Dispose();
                    }
                }

                await writer.FlushAsync(closing.Token).ConfigureAwait(false);
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
            while (queue.TryRead(out var dropped))
            {
                dropped.BodyOwner?.Dispose();
            }

            Abort();
        }
    }
}
