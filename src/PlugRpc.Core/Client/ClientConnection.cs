using System.Buffers;
using System.Collections.Concurrent;
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
/// by sequence number. When it drops, every call pending on it fails at once.
/// </summary>
internal sealed class ClientConnection : IFrameHandler, IAsyncDisposable
{
    private readonly FrameConnection frames;
    private readonly CodecSet codecs;
    private readonly ClientWireSettings wire;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<ulong, PendingCall> pending = new();
    private long lastSeq;

    public ClientConnection(RpcAddress address, FrameConnection frames, CodecSet codecs, ClientWireSettings wire, ILogger logger)
    {
        Address = address;
        this.frames = frames;
        this.codecs = codecs;
        this.wire = wire;
        this.logger = logger;
        _ = frames.RunReceiveLoopAsync(this);
    }

    public RpcAddress Address { get; }

    public bool IsClosed => frames.IsClosed;

    public int PendingCount => pending.Count;

    public async Task CallAsync(ClientCallContext context, ICodec codec, ICompressor? compressor, CancellationToken cancellationToken)
    {
        using var body = new PooledBufferWriter();
        using var compressed = compressor is null ? null : new PooledBufferWriter();
        context.WriteRequest(codec, body);
        var payload = body.WrittenSequence;
        if (compressor is not null && body.WrittenCount < wire.CompressThreshold)
        {
            compressor = null;
        }

        if (compressor is not null)
        {
            compressor.Compress(payload, compressed!);
            payload = compressed!.WrittenSequence;
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
            Metadata = context.Metadata.Count > 0 ? context.Metadata : null,
        };
        await SendAndWaitAsync(header, payload, new PendingCall(context, codec), cancellationToken).ConfigureAwait(false);
    }

    public Task PingAsync(CancellationToken cancellationToken)
    {
        var header = new MessageHeader { Seq = NextSeq(), MessageType = MessageType.Heartbeat, HeaderFormat = wire.HeartbeatFormat };
        return SendAndWaitAsync(header, HeartbeatBodies.For(wire.HeartbeatFormat), new PendingCall(null, null), cancellationToken);
    }

    public void OnFrame(MessageHeader header, in ReadOnlySequence<byte> body)
    {
        if (header.MessageType is not (MessageType.Response or MessageType.Heartbeat))
        {
            throw new ProtocolException($"a server sent a {header.MessageType} frame (seq {header.Seq}); only responses and heartbeats are expected");
        }

        if (!pending.TryRemove(header.Seq, out var call))
        {
            logger.LogDebug("response seq {Seq} from {Address} matches no waiting call (timed out or cancelled)", header.Seq, Address);
            return;
        }

        if (call.Context is null)
        {
            call.Complete();
            return;
        }

        if (header.StatusCode == WireStatus.Error)
        {
            call.Context.ResponseMetadata = header.Metadata;
            call.Fail(new RpcException(StatusOf(header), header.Error));
            return;
        }

        try
        {
            Decode(call, header, body);
            call.Complete();
        }
        catch (Exception ex)
        {
            call.Fail(ex as RpcException ?? new RpcException(
                RpcStatusCode.InvalidArgument,
                $"cannot decode the response of {call.Context} from {Address}: {ex.Message}",
                ex));
        }
    }

    public ValueTask WaitForCapacityAsync() => ValueTask.CompletedTask;

    public void OnClosed(Exception? reason)
    {
        var error = reason is ProtocolException
            ? new RpcException(RpcStatusCode.ProtocolError, $"connection to {Address} closed: {reason.Message}", reason)
            : new RpcException(RpcStatusCode.Unavailable, $"connection to {Address} closed" + (reason is null ? string.Empty : $": {reason.Message}"), reason);
        foreach (var seq in pending.Keys)
        {
            if (pending.TryRemove(seq, out var call))
            {
                call.Fail(error);
            }
        }
    }

    public ValueTask DisposeAsync() => frames.DisposeAsync();

    private async Task SendAndWaitAsync(MessageHeader header, ReadOnlySequence<byte> payload, PendingCall call, CancellationToken cancellationToken)
    {
        pending[header.Seq] = call;
        try
        {
            using var registration = cancellationToken.Register(static state => ((PendingCall)state!).Cancel(), call);
            if (IsClosed)
            {
                throw new RpcException(RpcStatusCode.Unavailable, $"connection to {Address} is closed");
            }

            await frames.SendAsync(header, payload, cancellationToken).ConfigureAwait(false);
            await call.Task.ConfigureAwait(false);
        }
        finally
        {
            pending.TryRemove(header.Seq, out _);
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
