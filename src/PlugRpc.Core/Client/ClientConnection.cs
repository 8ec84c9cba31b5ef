using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PlugRpc.Buffers;
using PlugRpc.Codecs;
using PlugRpc.Components;
using PlugRpc.Connections;
using PlugRpc.Diagnostics;
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
    private CompletionBatch answered;
    private long lastSeq;
    private long lastAnsweredSeq;
    private long answersRead;
    private long answersSettled;
    private int closed;

    public ClientConnection(RpcAddress address, FrameConnection frames, CodecSet codecs, ClientWireSettings wire, ILogger logger)
    {
        Address = address;
        this.frames = frames;
        this.codecs = codecs;
        this.wire = wire;
        this.logger = logger;
        ConnectionGauges.ClientOpened();
        DeadlineSweeper.Watch(this);
        _ = frames.RunReceiveLoopAsync(this);
    }

    public RpcAddress Address { get; }

    public bool IsClosed => frames.IsClosed;

    public int PendingCount => pending.Count;

    /// <summary>When the last whole frame arrived, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    public long LastFrameAt => frames.LastActivity;

    /// <summary>Closes the connection at once for <paramref name="reason"/>: every attempt waiting on it fails now.</summary>
    public void Abort(string reason)
    {
        frames.Abort();
        OnClosed(new TimeoutException(reason));
    }

    /// <summary>The instance this connection serves, whose Connected it keeps; null for an address of a call's own.</summary>
    public Discovery.InstanceState? Instance { get; set; }

    /// <summary>
    /// Encodes the call's request and sends it as <paramref name="attempt"/>; the outcome arrives through the
    /// attempt. Throws only if nothing was sent.
    /// </summary>
    public void Start(CallAttempt attempt, ICodec codec, ICompressor? compressor)
    {
        var call = attempt.Call;
        var frame = Encode(call, codec, compressor);
        if (ClientMetrics.RequestSize.Enabled)
        {
            ClientMetrics.RequestSent(call, frame.Payload.Length);
        }

        attempt.EncodedWith(codec);
        var header = frame.Header;
        header.Seq = NextSeq();
        header.HeaderFormat = wire.HeaderFormatFor(codec);
        header.MessageType = MessageType.Request;
        header.SerializeType = codec.SerializeType;
        header.ServiceName = call.ServiceName;
        header.MethodName = call.MethodName;
        header.Metadata = call.HasMetadata ? call.Metadata : null;
        header.TimeLeftMs = attempt.Deadline == 0 ? 0 : WireTimeLeft(attempt.Deadline - Environment.TickCount64);
        Send(attempt, header, frame.Payload, frame);
    }

    /// <summary>
    /// The time left as sent: past a second, in whole tens of milliseconds (never more than is left), so that calls
    /// sent close together carry the same header bytes and the server's header memo keeps serving them.
    /// </summary>
    private static long WireTimeLeft(long left) => left < 1 ? 1 : left < 1000 ? left : left - (left % 10);

    /// <summary>Sends go-rpc's heartbeat frame; completes when it is answered, fails when not within <paramref name="timeout"/>.</summary>
    public Task PingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var call = new HeartbeatCall(cancellationToken) { Timeout = timeout };
        call.MakeAwaitable();
        var attempt = call.FirstAttempt;
        attempt.Begin(call.DeadlineTickCount);
        var header = new MessageHeader { Seq = NextSeq(), MessageType = MessageType.Heartbeat, HeaderFormat = wire.HeartbeatFormat };
        Send(attempt, header, HeartbeatBodies.For(wire.HeartbeatFormat), null);
        return call.Done.AsTask();
    }

    /// <summary>An answered attempt is being settled: its continuation runs next.</summary>
    public void AnswerSettled() => Interlocked.Increment(ref answersSettled);

    /// <summary>Takes an attempt out of the table if it is still waiting here: whoever does so settles it.</summary>
    public bool TryTake(CallAttempt attempt) => pending.TryRemove(attempt);

    public void OnFrame(MessageHeader header, in ReadOnlySequence<byte> body)
    {
        if (header.MessageType is not (MessageType.Response or MessageType.Heartbeat))
        {
            throw new ProtocolException($"a server sent a {header.MessageType} frame (seq {header.Seq}); only responses and heartbeats are expected");
        }

        Volatile.Write(ref lastAnsweredSeq, (long)header.Seq);
        if (!pending.TryRemove(header.Seq, out var attempt))
        {
            logger.LogDebug("response seq {Seq} from {Address} matches no waiting call (timed out or cancelled)", header.Seq, Address);
            return;
        }

        if (attempt.Call.ExpectsResponseBody)
        {
            Read(attempt, header, body);
        }

        attempt.Answered = true;
        Volatile.Write(ref answersRead, answersRead + 1);
        answered.Add(attempt);
    }

    /// <summary>A response's header is done with when <see cref="OnFrame"/> returns (its metadata is kept, not the header).</summary>
    public MessageHeader? ReusableHeader { get; } = new();

    public void OnBatchEnd() => answered.Dispatch();

    public ValueTask WaitForCapacityAsync() => ValueTask.CompletedTask;

    public void OnClosed(Exception? reason)
    {
        if (Interlocked.Exchange(ref closed, 1) == 0)
        {
            ConnectionGauges.ClientClosed();
        }

        DeadlineSweeper.Forget(this);
        if (Instance is { } instance)
        {
            instance.Connected = false;
        }

        var error = reason is ProtocolException
            ? new RpcException(RpcStatusCode.ProtocolError, $"connection to {Address} closed: {reason.Message}", reason)
            : new RpcException(RpcStatusCode.Unavailable, $"connection to {Address} closed" + (reason is null ? string.Empty : $": {reason.Message}"), reason);
        foreach (var waiting in pending.Snapshot())
        {
            if (pending.TryRemove(waiting))
            {
                waiting.LostConnection = true;
                waiting.FailSoon(error);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        DeadlineSweeper.Forget(this);
        await frames.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The call's request in a pooled frame, compressed if it is worth it; the header is left to fill.</summary>
    private PooledFrame Encode(OutgoingCall call, ICodec codec, ICompressor? compressor)
    {
        var frame = PooledFrame.Rent();
        try
        {
            call.WriteRequest(codec, frame.Body);
            if (compressor is not null && frame.Body.WrittenCount >= wire.CompressThreshold)
            {
                frame.Compress(compressor);
                frame.Header.CompressType = compressor.CompressType;
            }

            return frame;
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Whoever settles a waiting call (an answer, the deadline sweep, the connection closing, a cancellation) first
    /// takes it out of the table, so each attempt is settled once.
    /// </summary>
    private void Send(CallAttempt attempt, MessageHeader header, ReadOnlySequence<byte> payload, IDisposable? payloadOwner)
    {
        attempt.Seq = header.Seq;
        attempt.SentOn(this);
        pending.Add(attempt);
        try
        {
            // Alone on the connection (nothing sent since the last answer, and every answer read here settled): no
            // batch to wait for, so write now. When every call in flight was answered at once, what their
            // continuations send is not alone until the last of them: it goes out with all the others.
            var alone = (long)attempt.Seq - Volatile.Read(ref lastAnsweredSeq) <= 1 &&
                Volatile.Read(ref answersSettled) == Volatile.Read(ref answersRead);
            frames.Send(header, payload, payloadOwner, writeInline: alone);
        }
        catch
        {
            if (pending.TryRemove(attempt))
            {
                throw;
            }

            return;
        }

        attempt.CancelIfRequested();
    }

    /// <summary>Fails the calls whose deadline has passed; called by the sweeper.</summary>
    public void FailExpired()
    {
        if (pending.Count == 0)
        {
            return;
        }

        var now = Environment.TickCount64;
        foreach (var attempt in pending.Snapshot())
        {
            // The snapshot may hold an attempt object its call has used again since (a new sequence number and a
            // new deadline, read in the order they are written): taking it out by the number read keeps the send
            // whose deadline was read, or nothing.
            var seq = attempt.Seq;
            if (attempt.Deadline > now || !pending.TryRemove(seq, out var expired))
            {
                continue;
            }

            expired.FailSoon(TimedOut(expired));
        }
    }

    private RpcException TimedOut(CallAttempt attempt)
    {
        var call = attempt.Call;
        if (!call.ExpectsResponseBody)
        {
            return new RpcException(RpcStatusCode.DeadlineExceeded, $"no heartbeat answer from {Address} in time");
        }

        return attempt.Deadline < call.DeadlineTickCount
            ? new RpcException(RpcStatusCode.DeadlineExceeded, $"an attempt of {call} on {Address} timed out ({RpcErrors.RequestTimedOut})")
            : new RpcException(RpcStatusCode.DeadlineExceeded, $"{call} timed out after {call.Timeout.TotalMilliseconds:0} ms ({RpcErrors.RequestTimedOut})");
    }

    private void Read(CallAttempt attempt, MessageHeader header, in ReadOnlySequence<byte> body)
    {
        var call = attempt.Call;
        if (header.StatusCode == WireStatus.Error)
        {
            attempt.SetError(new RpcException(StatusOf(header), header.Error));
            if (call.Run is null)
            {
                call.ResponseMetadata = header.Metadata;
            }

            return;
        }

        if (!call.TryClaimAnswer(attempt))
        {
            attempt.SetError(new OperationCanceledException($"{call}: another attempt answered first"));
            return;
        }

        if (ClientMetrics.ResponseSize.Enabled)
        {
            ClientMetrics.ResponseRead(call, body.Length);
        }

        try
        {
            Decode(attempt, header, body);
        }
        catch (Exception ex)
        {
            attempt.SetError(ex as RpcException ?? new RpcException(
                RpcStatusCode.InvalidArgument,
                $"cannot decode the response of {call} from {Address}: {ex.Message}",
                ex));
        }
    }

    private void Decode(CallAttempt attempt, MessageHeader header, in ReadOnlySequence<byte> body)
    {
        var call = attempt.Call;
        var codec = header.SerializeType == attempt.Codec!.SerializeType
            ? attempt.Codec
            : codecs.TryGetCodec(header.SerializeType, out var other)
                ? other
                : throw new RpcException(RpcStatusCode.Unimplemented, $"the server answered with serialize type {header.SerializeType}, which is not loaded here");
        call.ResponseMetadata = header.Metadata;
        if (header.CompressType == CompressTypes.None)
        {
            call.ReadResponse(codec, body);
            return;
        }

        if (!codecs.TryGetCompressor(header.CompressType, out var compressor))
        {
            throw new RpcException(RpcStatusCode.Unimplemented, $"the server answered with compress type {header.CompressType}, which is not loaded here");
        }

        using var plain = new PooledBufferWriter();
        compressor.Decompress(body, plain, wire.Limits.MaxFrameLength);
        call.ReadResponse(codec, plain.WrittenSequence);
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
