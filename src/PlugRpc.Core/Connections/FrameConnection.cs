using System.Buffers;
using System.IO.Pipelines;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PlugRpc.Protocol;
using PlugRpc.Transport;

namespace PlugRpc.Connections;

/// <summary>
/// One transport connection spoken in frames. The read loop cuts frames and hands them to a handler; frames to send
/// go into a lock-free queue that one drainer at a time writes into the stream, flushing once per batch. Frames
/// queued while the read loop is handling a batch (a server answering at once) are written by the read loop itself
/// when the batch is done, with no thread hop and one flush for all; frames queued from elsewhere wake a drainer
/// on the thread pool, and whatever queues meanwhile goes out with them.
/// </summary>
internal sealed class FrameConnection : IAsyncDisposable, IThreadPoolWorkItem
{
    private readonly ITransportConnection transport;
    private readonly IFrameProtocol protocol;
    private readonly FrameLimits limits;
    private readonly ILogger logger;
    private readonly PipeReader reader;
    private readonly FrameOutput output;
    private readonly ConcurrentQueue<OutgoingFrame> outgoing = new();
    private readonly CancellationTokenSource closing = new();
    private readonly TaskCompletionSource drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool corkWhileReading;
    private int draining;
    private int corked;
    private int completed;
    private int closed;

    public FrameConnection(ITransportConnection transport, IFrameProtocol protocol, FrameLimits limits, ILogger logger, bool corkWhileReading = true)
    {
        this.corkWhileReading = corkWhileReading;
        this.transport = transport;
        this.protocol = protocol;
        this.limits = limits;
        this.logger = logger;
        // Large enough for a whole batch of small frames (128 requests of ~140 bytes do not fit in 16 KiB, and a
        // batch read in two parts is answered in two parts); zero-byte reads wait for data before renting it, so an
        // idle connection holds no buffer.
        reader = PipeReader.Create(transport.Stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true, useZeroByteReads: true));
        output = new FrameOutput(transport);
    }

    public string RemoteEndPoint => transport.RemoteEndPoint;

    public bool IsClosed => Volatile.Read(ref closed) != 0;

    /// <summary>When the last whole frame arrived (<see cref="Environment.TickCount64"/>), noted once per read.</summary>
    public long LastActivity { get; private set; } = Environment.TickCount64;

    /// <summary>Cancelled as soon as the connection starts closing.</summary>
    public CancellationToken Closing => closing.Token;

    /// <summary>
    /// Queues one frame; <paramref name="bodyOwner"/> is disposed once the body has been written (or at once if the
    /// connection is closed). Throws <see cref="RpcException"/> (Unavailable) once the connection is closed.
    /// </summary>
    /// <param name="writeInline">
    /// Write on the calling thread if no drain is running: for a caller that is alone on the connection, whose frame
    /// would otherwise wait for a thread-pool thread to wake with nothing else to batch it with.
    /// </param>
    public void Send(MessageHeader header, ReadOnlySequence<byte> body, IDisposable? bodyOwner, bool writeInline = false)
    {
        if (IsClosed || Volatile.Read(ref completed) != 0)
        {
            bodyOwner?.Dispose();
            throw new RpcException(RpcStatusCode.Unavailable, $"connection to {RemoteEndPoint} is closed");
        }

        outgoing.Enqueue(new OutgoingFrame(header, body, bodyOwner));
        if (Volatile.Read(ref corked) == 0 && Volatile.Read(ref draining) == 0 && Interlocked.Exchange(ref draining, 1) == 0)
        {
            if (writeInline)
            {
                _ = DrainAsync();
            }
            else
            {
                // Local: a caller on a pool thread (a continuation of an answered call) queues the drain behind
                // the rest of its batch, so what those continuations send goes out with it, with no other thread
                // woken for it; an idle worker still steals it at once.
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
            }
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
                Cork();
                var framesRead = false;
                try
                {
                    while (true)
                    {
                        var capacity = handler.WaitForCapacityAsync();
                        if (!capacity.IsCompleted)
                        {
                            // While the handler is full, answers already queued must not wait for this batch's end.
                            handler.OnBatchEnd();
                            Uncork();
                            await capacity.ConfigureAwait(false);
                            Cork();
                        }

                        if (!protocol.TryReadFrame(ref buffer, limits, handler.ReusableHeader, out var header, out var body))
                        {
                            break;
                        }

                        framesRead = true;
                        handler.OnFrame(header, body);
                    }

                    if (framesRead)
                    {
                        LastActivity = Environment.TickCount64;
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
                    handler.OnBatchEnd();
                    Uncork();
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
            reader.Complete();
            handler.OnClosed(reason);
        }
    }

    private void Cork()
    {
        if (corkWhileReading)
        {
            Interlocked.Exchange(ref corked, 1);
        }
    }

    /// <summary>Ends the read loop's batch: what was queued during it goes out now, in one flush.</summary>
    private void Uncork()
    {
        Interlocked.Exchange(ref corked, 0);
        if (!outgoing.IsEmpty && Interlocked.Exchange(ref draining, 1) == 0)
        {
            // Not awaited: the read loop must never wait on a write, or two peers whose socket buffers are full
            // would each wait for the other to read. A drain usually finishes right here.
            _ = DrainAsync();
        }
    }

    /// <summary>Runs a drain on the thread pool (queued as this object itself, so waking a drainer allocates nothing).</summary>
    void IThreadPoolWorkItem.Execute() => _ = DrainAsync();

    /// <summary>Lets frames already queued go out (bounded by <paramref name="timeout"/>), then closes.</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        Volatile.Write(ref completed, 1);
        if (Interlocked.Exchange(ref draining, 1) == 0)
        {
            _ = DrainAsync();
        }

        await Task.WhenAny(drained.Task, Task.Delay(timeout)).ConfigureAwait(false);
        Abort();
    }

    /// <summary>Closes at once: queued frames are dropped, the read loop ends.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref closed, 1) != 0)
        {
            return;
        }

        Volatile.Write(ref completed, 1);
        closing.Cancel();
        drained.TrySetResult();
        _ = transport.DisposeAsync().AsTask().ContinueWith(
            static t => _ = t.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public ValueTask DisposeAsync()
    {
        Abort();
        DropQueued();
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes everything queued and flushes, again while more arrives; only one runs at a time.</summary>
    private async Task DrainAsync()
    {
        try
        {
            do
            {
                while (outgoing.TryDequeue(out var frame))
                {
                    if (frame.Body.Length >= FrameOutput.LargeBodyLength && TryWriteHead(frame))
                    {
                        output.AddBody(frame.Body, frame.BodyOwner);
                        if (output.PendingBodyBytes >= FrameOutput.MaxPendingBodyBytes)
                        {
                            await output.FlushAsync(closing.Token).ConfigureAwait(false);
                        }

                        continue;
                    }

                    try
                    {
                        protocol.WriteFrame(output, frame.Header, frame.Body);
                    }
                    finally
                    {
                        frame.BodyOwner?.Dispose();
                    }
                }

                await output.FlushAsync(closing.Token).ConfigureAwait(false);

                // A full fence: a sender that saw draining set must find its frame picked up by the check below.
                Interlocked.Exchange(ref draining, 0);
            }
            while (!outgoing.IsEmpty && Interlocked.Exchange(ref draining, 1) == 0);

            if (Volatile.Read(ref completed) != 0 && outgoing.IsEmpty)
            {
                drained.TrySetResult();
            }
        }
        catch (Exception ex)
        {
            if (!IsClosed)
            {
                logger.LogDebug("sending to {RemoteEndPoint} failed: {Reason}", RemoteEndPoint, ex.Message);
            }

            Abort();
            DropQueued();
        }
    }

    /// <summary>Writes a large frame's head, its body to follow from where it is; false if the protocol cannot.</summary>
    private bool TryWriteHead(OutgoingFrame frame)
    {
        try
        {
            return protocol.TryWriteFrameHead(output, frame.Header, frame.Body.Length);
        }
        catch
        {
            frame.BodyOwner?.Dispose();
            throw;
        }
    }

    private void DropQueued()
    {
        while (outgoing.TryDequeue(out var dropped))
        {
            dropped.BodyOwner?.Dispose();
        }
    }
}
