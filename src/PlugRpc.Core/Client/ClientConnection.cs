using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PlugRpc.Buffers;
using PlugRpc.Codecs;
using PlugRpc.Components;
using PlugRpc.Connections;
using PlugRpc.Protocol;
using PlugRpc.Transport;

namespace PlugRpc.Client;

/// <summary>
/// One long-lived connection to a server, multiplexed: any number of calls in flight, each matched to its response
/// by sequence number. When it drops, every call pending on it fails at once. Deadlines are kept by the
/// <see cref="DeadlineSweeper"/> rather than a timer per call.
/// </summary>
internal sealed class ClientConnection : IFrameHandler, IAsyncDisposable
{
    private readonly FrameConnection frames;
    private readonly CodecSet codecs;
    private readonly ClientWireSettings wire;
    private readonly ILogger logger;
    private readonly PendingTable pending = new();
    private readonly Action<PendingCall> removeCancelled;
    private CompletionBatch answered;
    private long lastSeq;
    private long lastAnsweredSeq;

    public ClientConnection(RpcAddress address, FrameConnection frames, CodecSet codecs, ClientWireSettings wire, ILogger logger)
    {
        Address = address;
        this.frames = frames;
        this.codecs = codecs;
        this.wire = wire;
        this.logger = logger;
        removeCancelled = call => pending.TryRemove(call.Seq, out _);
        DeadlineSweeper.Watch(this);
        _ = frames.RunReceiveLoopAsync(this);
    }

    public RpcAddress Address { get; }

    public bool IsClosed => frames.IsClosed;

    public int PendingCount => pending.Count;

    /// <param name="deadline">When the call times out, in <see cref="Environment.TickCount64"/> milliseconds.</param>
    public Task CallAsync(ClientCallContext context, ICodec codec, ICompressor? compressor, long deadline, CancellationToken cancellationToken)
    {
        var body = new PooledBufferWriter();
        try
        {
            context.WriteRequest(codec, body);
            if (compressor is not null && body.WrittenCount >= wire.CompressThreshold)
            {
                var compressed = new PooledBufferWriter();
                using (body)
                {
                    compressor.Compress(body.WrittenSequence, compressed);
                }

                body = compressed;
            }
            else
            {
                compressor = null;
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }

        var header = new MessageHeader
        {
            Seq = NextSeq(),
            HeaderFormat = wire.HeaderFormatFor(codec),
            MessageType = MessageType.Request,
            CompressType = compressor?.CompressType ?? CompressTypes.None,
            SerializeType = codec.SerializeType,
            ServiceName = context.ServiceName,
            MethodName = context.MethodName,
            Metadata = context.HasMetadata ? context.Metadata : null,
        };
        return SendAndWaitAsync(header, body.WrittenSequence, body, new PendingCall(context, codec, deadline), cancellationToken);
    }

    public Task PingAsync(long deadline, CancellationToken cancellationToken)
    {
        var header = new MessageHeader { Seq = NextSeq(), MessageType = MessageType.Heartbeat, HeaderFormat = wire.HeartbeatFormat };
        return SendAndWaitAsync(header, HeartbeatBodies.For(wire.HeartbeatFormat), null, new PendingCall(null, null, deadline), cancellationToken);
    }

    public void OnFrame(MessageHeader header, in ReadOnlySequence<byte> body)
    {
        if (header.MessageType is not (MessageType.Response or MessageType.Heartbeat))
        {
            throw new ProtocolException($"a server sent a {header.MessageType} frame (seq {header.Seq}); only responses and heartbeats are expected");
        }

        Volatile.Write(ref lastAnsweredSeq, (long)header.Seq);
        if (!pending.TryRemove(header.Seq, out var call))
        {
            logger.LogDebug("response seq {Seq} from {Address} matches no waiting call (timed out or cancelled)", header.Seq, Address);
            return;
        }

        if (call.Context is not null)
        {
            Read(call, header, body);
        }

        answered.Add(call);
    }

    /// <summary>A response's header is done with when <see cref="OnFrame"/> returns (its metadata is kept, not the header).</summary>
    public MessageHeader? ReusableHeader { get; } = new();

    public void OnBatchEnd() => answered.Dispatch();

    public ValueTask WaitForCapacityAsync() => ValueTask.CompletedTask;

    public void OnClosed(Exception? reason)
    {
        DeadlineSweeper.Forget(this);
        var error = reason is ProtocolException
            ? new RpcException(RpcStatusCode.ProtocolError, $"connection to {Address} closed: {reason.Message}", reason)
            : new RpcException(RpcStatusCode.Unavailable, $"connection to {Address} closed" + (reason is null ? string.Empty : $": {reason.Message}"), reason);
        foreach (var waiting in pending.Snapshot())
        {
            if (pending.TryRemove(waiting.Seq, out var call))
            {
                call.FailSoon(error);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        DeadlineSweeper.Forget(this);
        await frames.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Whoever settles a pending call (a response, the deadline sweep, the connection closing, a cancellation)
    /// first takes it out of the table, so the common path needs no async wrapper around the caller's wait.
    /// </summary>
    private Task SendAndWaitAsync(MessageHeader header, ReadOnlySequence<byte> payload, IDisposable? payloadOwner, PendingCall call, CancellationToken cancellationToken)
    {
        call.Seq = header.Seq;
        pending.Add(call);
        try
        {
            // Alone on the connection (nothing sent since the last answer): no batch to wait for, so write now.
            var alone = (long)header.Seq - Volatile.Read(ref lastAnsweredSeq) <= 1;
            frames.Send(header, payload, payloadOwner, writeInline: alone);
        }
        catch
        {
            pending.TryRemove(header.Seq, out _);
            throw;
        }

        return cancellationToken.CanBeCanceled ? WaitCancellableAsync(call, cancellationToken) : call.Task;
    }

    private async Task WaitCancellableAsync(PendingCall call, CancellationToken cancellationToken)
    {
        call.OnCancel = removeCancelled;
        using var registration = cancellationToken.Register(static state => ((PendingCall)state!).Cancel(), call);
        await call.Task.ConfigureAwait(false);
    }

    /// <summary>Fails the calls whose deadline has passed; called by the sweeper.</summary>
    public void FailExpired()
    {
        if (pending.Count == 0)
        {
            return;
        }

        var now = Environment.TickCount64;
        foreach (var call in pending.Snapshot())
        {
            if (call.Deadline <= now && pending.TryRemove(call.Seq, out _))
            {
                call.FailSoon(call.Context is { } context
                    ? new RpcException(RpcStatusCode.DeadlineExceeded, $"{context} timed out after {context.Timeout.TotalMilliseconds:0} ms ({RpcErrors.RequestTimedOut})")
                    : new RpcException(RpcStatusCode.DeadlineExceeded, $"no heartbeat answer from {Address} in time"));
            }
        }
    }

    private void Read(PendingCall call, MessageHeader header, in ReadOnlySequence<byte> body)
    {
        if (header.StatusCode == WireStatus.Error)
        {
            call.Context!.ResponseMetadata = header.Metadata;
            call.SetError(new RpcException(StatusOf(header), header.Error));
            return;
        }

        try
        {
            Decode(call, header, body);
        }
        catch (Exception ex)
        {
            call.SetError(ex as RpcException ?? new RpcException(
                RpcStatusCode.InvalidArgument,
                $"cannot decode the response of {call.Context} from {Address}: {ex.Message}",
                ex));
        }
    }

    private void Decode(PendingCall call, MessageHeader header, in ReadOnlySequence<byte> body)
    {
        var codec = header.SerializeType == call.Codec!.SerializeType
            ? call.Codec
            : codecs.TryGetCodec(header.SerializeType, out var other)
                ? other
                : throw new RpcException(RpcStatusCode.Unimplemented, $"the server answered with serialize type {header.SerializeType}, which is not loaded here");
        call.Context!.ResponseMetadata = header.Metadata;
        if (header.CompressType == CompressTypes.None)
        {
            call.Context.ReadResponse(codec, body);
            return;
        }

        if (!codecs.TryGetCompressor(header.CompressType, out var compressor))
        {
            throw new RpcException(RpcStatusCode.Unimplemented, $"the server answered with compress type {header.CompressType}, which is not loaded here");
        }

        using var plain = new PooledBufferWriter();
        compressor.Decompress(body, plain, wire.Limits.MaxFrameLength);
        call.Context.ReadResponse(codec, plain.WrittenSequence);
    }

    /// <summary>
    /// PlugRpc servers send the status in metadata; for a go-rpc server, which sends only text, the texts it is
    /// known to use stand for their status.
    /// </summary>
    private static RpcStatusCode StatusOf(MessageHeader header)
    {
        if (header.Metadata?[MetadataKeys.Status] is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
        {
            return (RpcStatusCode)code;
        }

        return header.Error switch
        {
            RpcErrors.ServiceNotFound or RpcErrors.MethodNotFound => RpcStatusCode.NotFound,
            RpcErrors.AuthFailed => RpcStatusCode.Unauthenticated,
            _ => RpcStatusCode.Unknown,
        };
    }

    private ulong NextSeq() => (ulong)Interlocked.Increment(ref lastSeq);
}
