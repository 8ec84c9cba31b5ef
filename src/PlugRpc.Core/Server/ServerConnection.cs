using System.Buffers;
using Microsoft.Extensions.Logging;
using PlugRpc.Buffers;
using PlugRpc.Connections;
using PlugRpc.Diagnostics;
using PlugRpc.Protocol;

namespace PlugRpc.Server;

/// <summary>One client's connection to the server: requests in, responses out, heartbeats echoed.</summary>
internal sealed class ServerConnection : IFrameHandler
{
    private readonly FrameConnection frames;
    private readonly RequestDispatcher dispatcher;
    private readonly InFlightCounter inFlight;
    private readonly ILogger logger;
    private readonly Action<ServerConnection> onClosed;
    private readonly CallSlots slots;
    private readonly DeadlineTokens deadlines;
    private bool holdingSlot;

    /// <summary>The frame the next request is read into; a request keeps it for its answer.</summary>
    private PooledFrame next = PooledFrame.Rent();
    private int callsInFlight;
    private int closed;

    public ServerConnection(FrameConnection frames, RequestDispatcher dispatcher, InFlightCounter inFlight, int maxInFlight, ILogger logger, Action<ServerConnection> onClosed)
    {
        slots = new CallSlots(maxInFlight);
        this.frames = frames;
        this.dispatcher = dispatcher;
        this.inFlight = inFlight;
        this.logger = logger;
        this.onClosed = onClosed;
        deadlines = new DeadlineTokens(frames.Closing);
        ConnectionGauges.ServerOpened();
    }

    public FrameConnection Frames => frames;

    /// <summary>
    /// Calls from this connection being served now. The server-wide <see cref="InFlightCounter"/> counts connections
    /// with calls in flight (it is told when this goes from 0 to 1 and back), so that connections served on
    /// different cores do not all write to one counter on every call.
    /// </summary>
    public int CallsInFlight => Volatile.Read(ref callsInFlight);

    public Task RunAsync() => frames.RunReceiveLoopAsync(this);

    public void OnFrame(MessageHeader header, in ReadOnlySequence<byte> body)
    {
        switch (header.MessageType)
        {
            case MessageType.Request:
                var frame = TakeFrameOf(header);
                holdingSlot = false;
                if (Interlocked.Increment(ref callsInFlight) == 1)
                {
                    inFlight.Enter();
                }

                ValueTask serving;
                try
                {
                    serving = dispatcher.HandleAsync(frames, deadlines, frame, body);
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "serving seq {Seq} from {RemoteEndPoint} failed", header.Seq, frames.RemoteEndPoint);
                    Done();
                    break;
                }

                if (serving.IsCompleted)
                {
                    Done();
                }
                else
                {
                    _ = DoneAfterAsync(serving);
                }

                break;
            case MessageType.Heartbeat:
                EchoHeartbeat(header);
                break;
            default:
                throw new ProtocolException($"a client sent a {header.MessageType} frame (seq {header.Seq}); only requests and heartbeats are expected");
        }
    }

    /// <summary>Takes a slot for the next request before it is read; the request gives it back when answered.</summary>
    public ValueTask WaitForCapacityAsync()
    {
        if (holdingSlot || slots.TryTake())
        {
            holdingSlot = true;
            return ValueTask.CompletedTask;
        }

        logger.LogDebug("{RemoteEndPoint} has the maximum of calls in flight; reading paused", frames.RemoteEndPoint);
        return new ValueTask(WaitForSlotAsync());
    }

    /// <summary>A pooled frame's: a request keeps it (and the frame) for its response, a heartbeat leaves it for the next frame.</summary>
    public MessageHeader? ReusableHeader => next.Header;

    public void OnBatchEnd()
    {
    }

    public void OnClosed(Exception? reason)
    {
        if (Interlocked.Exchange(ref closed, 1) == 0)
        {
            ConnectionGauges.ServerClosed();
        }

        if (reason is not null and not ProtocolException)
        {
            logger.LogDebug("connection from {RemoteEndPoint} closed: {Reason}", frames.RemoteEndPoint, reason.Message);
        }

        onClosed(this);
    }

    private PooledFrame TakeFrameOf(MessageHeader header)
    {
        if (!ReferenceEquals(header, next.Header))
        {
            return PooledFrame.Around(header);
        }

        var taken = next;
        next = PooledFrame.Rent();
        return taken;
    }

    private async Task DoneAfterAsync(ValueTask serving)
    {
        await serving.ConfigureAwait(false);
        Done();
    }

    /// <summary>A request answered (or given up): its slot and counts go back.</summary>
    private void Done()
    {
        if (Interlocked.Decrement(ref callsInFlight) == 0)
        {
            inFlight.Exit();
        }

        slots.Return();
    }

    private async Task WaitForSlotAsync()
    {
        await slots.TakeAsync(frames.Closing).ConfigureAwait(false);
        holdingSlot = true;
    }

    private void EchoHeartbeat(MessageHeader request)
    {
        var response = new MessageHeader
        {
            Seq = request.Seq,
            HeaderFormat = request.HeaderFormat,
            MessageType = MessageType.Heartbeat,
            SerializeType = request.SerializeType,
            CompressType = CompressTypes.None,
        };
        try
        {
            frames.Send(response, HeartbeatBodies.For(request.HeaderFormat), bodyOwner: null);
        }
        catch (RpcException ex)
        {
            logger.LogDebug("heartbeat answer to {RemoteEndPoint} not sent: {Reason}", frames.RemoteEndPoint, ex.Message);
        }
    }
}
