using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PlugRpc.Buffers;
using PlugRpc.Components;
using PlugRpc.Connections;
using PlugRpc.Dispatch;
using PlugRpc.Filters;
using PlugRpc.Protocol;

namespace PlugRpc.Server;

/// <summary>Serves one request frame: codec and method lookup, the filter chain, the method, the response frame.</summary>
internal sealed class RequestDispatcher
{
    private readonly ServiceCatalog catalog;
    private readonly CodecSet codecs;
    private readonly ServerCallHandler pipeline;
    private readonly bool hasFilters;
    private readonly FrameLimits limits;
    private readonly int compressThreshold;
    private readonly ILogger logger;

    public RequestDispatcher(ServiceCatalog catalog, CodecSet codecs, IReadOnlyList<IServerFilter> filters, FrameLimits limits, int compressThreshold, ILogger logger)
    {
        pipeline = ServerPipeline.Build(filters);
        hasFilters = filters.Count > 0;
        this.catalog = catalog;
        this.codecs = codecs;
        this.limits = limits;
        this.compressThreshold = compressThreshold;
        this.logger = logger;
    }

    private volatile bool shuttingDown;

    /// <summary>The server's filter chain around the method, for calls that do not come in frames (<see cref="LocalJsonCalls"/>).</summary>
    public ServerCallHandler Pipeline => pipeline;

    /// <summary>Once set, every new request is answered with <see cref="RpcErrors.ShuttingDown"/>.</summary>
    public bool ShuttingDown
    {
        get => shuttingDown;
        set => shuttingDown = value;
    }

    /// <summary>
    /// Serves the request in <paramref name="frame"/>'s header and sends its response in the same frame: the
    /// request's own header (same seq, names and formats) and the frame's body, so that answering allocates
    /// neither. Takes ownership of <paramref name="frame"/>. Never throws: every failure
    /// is answered, unless the answer would come past the request's deadline (the caller no longer waits for it, so
    /// none is sent, as go-rpc does). Completes at once when the method did, with no state machine.
    /// </summary>
    /// <param name="deadlines">The connection's sources for the tokens of calls with a deadline.</param>
    /// <param name="requestBody">
    /// Valid only until this returns. Without server filters the method decodes it before its first await, so it
    /// is read where it lies; a filter may pass the call on later, so with filters it is copied first.
    /// </param>
    public ValueTask HandleAsync(FrameConnection connection, DeadlineTokens deadlines, PooledFrame frame, in ReadOnlySequence<byte> requestBody)
    {
        var body = hasFilters ? RentedBytes.CopyOf(requestBody) : RentedBytes.Borrowed(requestBody);
        var request = frame.Header;
        var requestMetadata = request.Metadata;

        // The caller's clock started when it sent the request; this one starts as it arrives.
        var deadline = request.TimeLeftMs == 0 ? 0 : Environment.TickCount64 + request.TimeLeftMs;
        var observed = RequestTelemetry.IsOn ? RequestTelemetry.Begin(request, connection.RemoteEndPoint, requestBody.Length, catalog) : default;
        PooledBufferWriter? decompressed = null;
        ServerCall? call = null;
        ValueTask running;
        try
        {
            call = Prepare(connection, deadlines, frame, body, deadline, out decompressed);
            running = pipeline(call);
        }
        catch (Exception ex)
        {
            observed.LeaveReadLoop();
            Release(body, decompressed);
            Answer(connection, frame, requestMetadata, call, deadline, ex, observed);
            return ValueTask.CompletedTask;
        }

        observed.LeaveReadLoop();
        if (!running.IsCompleted)
        {
            return AnswerWhenDoneAsync(connection, frame, requestMetadata, call, deadline, running, body, decompressed, observed);
        }

        Exception? failure = null;
        try
        {
            running.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        Release(body, decompressed);
        Answer(connection, frame, requestMetadata, call, deadline, failure, observed);
        return ValueTask.CompletedTask;
    }

    private async ValueTask AnswerWhenDoneAsync(
        FrameConnection connection,
        PooledFrame frame,
        Metadata? requestMetadata,
        ServerCall call,
        long deadline,
        ValueTask running,
        RentedBytes body,
        PooledBufferWriter? decompressed,
        RequestObservation observed)
    {
        Exception? failure = null;
        try
        {
            await running.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        Release(body, decompressed);
        Answer(connection, frame, requestMetadata, call, deadline, failure, observed);
    }

    /// <summary>
    /// Checks the request, decodes its body's compression, finds the method: the call, ready for the chain. A call
    /// with a deadline gets a token that fires at it once a filter or the method asks for its token.
    /// </summary>
    private ServerCall Prepare(
        FrameConnection connection, DeadlineTokens deadlines, PooledFrame frame, RentedBytes body, long deadline, out PooledBufferWriter? decompressed)
    {
        var request = frame.Header;
        decompressed = null;
        if (ShuttingDown)
        {
            throw new RpcException(RpcStatusCode.Unavailable, RpcErrors.ShuttingDown);
        }

        var codec = CodecFor(request.SerializeType);
        var compressor = CompressorFor(request.CompressType);
        var requestBody = body.Sequence;
        if (compressor is not null)
        {
            decompressed = new PooledBufferWriter();
            compressor.Decompress(requestBody, decompressed, limits.MaxFrameLength);
            requestBody = decompressed.WrittenSequence;
        }

        if (!catalog.TryFind(request.ServiceName, request.MethodName, out var method, out var notFound))
        {
            throw new RpcException(RpcStatusCode.NotFound, notFound);
        }

        var call = hasFilters || method!.TakesContext
            ? new ServerCall(method!, codec, requestBody, request.Metadata, connection.RemoteEndPoint, connection.Closing, frame.Body)
            : ServerCall.ForUnseen(method, codec, requestBody, request.Metadata, connection.RemoteEndPoint, connection.Closing, frame.Body);
        if (deadline != 0)
        {
            call.SetDeadline(deadline, request.TimeLeftMs, deadlines);
        }

        return call;
    }

    private static void Release(RentedBytes body, PooledBufferWriter? decompressed)
    {
        body.Dispose();
        decompressed?.Dispose();
    }

    /// <summary>
    /// Turns the request's frame into the response (or the error) and sends it; a closing connection gets nothing,
    /// nor does a caller whose deadline has passed. The request's span and metrics end here, before the answer goes.
    /// </summary>
    private void Answer(
        FrameConnection connection, PooledFrame frame, Metadata? requestMetadata, ServerCall? call, long deadline, Exception? failure, in RequestObservation observed)
    {
        if (deadline != 0 && PastDeadline(connection, call, deadline))
        {
            var request = frame.Header;
            if (observed.IsActive)
            {
                RequestTelemetry.End(request, observed, RpcStatusCode.DeadlineExceeded, "the deadline passed: no answer sent", responseBytes: -1);
            }

            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug(
                    "answer to {Service}.{Method} (seq {Seq}) from {RemoteEndPoint} not sent: its deadline passed",
                    request.ServiceName,
                    request.MethodName,
                    request.Seq,
                    connection.RemoteEndPoint);
            }

            call?.Recycle();
            frame.Dispose();
            return;
        }

        var response = frame.Header;
        response.TimeLeftMs = 0;
        response.MessageType = MessageType.Response;
        response.StatusCode = WireStatus.Ok;
        response.Error = string.Empty;
        if (failure is null)
        {
            try
            {
                response.Metadata = EchoedMetadata(requestMetadata, call!);
                CompressIfWorthIt(frame);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }

        if (failure is not null)
        {
            frame.ClearPayload();
            if (failure is OperationCanceledException && connection.Closing.IsCancellationRequested)
            {
                if (observed.IsActive)
                {
                    RequestTelemetry.End(response, observed, RpcStatusCode.Cancelled, "the connection closed: no answer sent", responseBytes: -1);
                }

                frame.Dispose();
                return;
            }

            var error = failure as RpcException ?? Unexpected(response, failure);
            response.StatusCode = WireStatus.Error;
            response.CompressType = CompressTypes.None;
            response.Error = error.Message;
            response.Metadata = (call is null ? requestMetadata : EchoedMetadata(requestMetadata, call)) ?? new Metadata();
            response.Metadata[MetadataKeys.Status] = ((int)error.StatusCode).ToString(CultureInfo.InvariantCulture);
            if (observed.IsActive)
            {
                RequestTelemetry.End(response, observed, error.StatusCode, error.Message, responseBytes: -1);
            }
        }
        else if (observed.IsActive)
        {
            RequestTelemetry.End(response, observed, RpcStatusCode.Ok, null, frame.Payload.Length);
        }

        call?.Recycle();
        try
        {
            connection.Send(response, frame.Payload, frame);
        }
        catch (RpcException ex)
        {
            logger.LogDebug("response to {Service}.{Method} (seq {Seq}) not sent: {Reason}", response.ServiceName, response.MethodName, response.Seq, ex.Message);
        }
    }

    /// <summary>
    /// Whether the call's deadline has passed (its token fired, and not for the connection closing, or the clock is
    /// past it); ends the call's deadline watch either way, the call being done.
    /// </summary>
    private static bool PastDeadline(FrameConnection connection, ServerCall? call, long deadline)
    {
        var fired = call is not null && call.EndDeadline() && !connection.Closing.IsCancellationRequested;
        return fired || Environment.TickCount64 >= deadline;
    }

    /// <summary>Compresses the response as the request was, unless it is under the threshold.</summary>
    private void CompressIfWorthIt(PooledFrame frame)
    {
        var response = frame.Header;
        if (response.CompressType == CompressTypes.None || frame.Body.WrittenCount < compressThreshold ||
            !codecs.TryGetCompressor(response.CompressType, out var compressor))
        {
            response.CompressType = CompressTypes.None;
            return;
        }

        frame.Compress(compressor);
    }

    /// <summary>As go-rpc: a request without metadata gets none back unless the server added some.</summary>
    private static Metadata? EchoedMetadata(Metadata? requestMetadata, ServerCall call) =>
        requestMetadata is null && !call.HasMetadata ? null : call.Metadata;

    private Codecs.ICodec CodecFor(byte serializeType) =>
        codecs.TryGetCodec(serializeType, out var codec)
            ? codec
            : throw new RpcException(
                RpcStatusCode.Unimplemented,
                $"serialize type {serializeType} is not supported by this server (supported: {codecs.DescribeCodecs()})");

    private Codecs.ICompressor? CompressorFor(byte compressType)
    {
        if (compressType == CompressTypes.None)
        {
            return null;
        }

        return codecs.TryGetCompressor(compressType, out var compressor)
            ? compressor
            : throw new RpcException(
                RpcStatusCode.Unimplemented,
                $"compress type {compressType} is not supported by this server (supported: {codecs.DescribeCompressors()})");
    }

    private RpcException Unexpected(MessageHeader request, Exception ex)
    {
        logger.LogError(ex, "{Service}.{Method} threw", request.ServiceName, request.MethodName);
        return new RpcException(RpcStatusCode.Internal, $"{request.ServiceName}.{request.MethodName} failed: {ex.Message}", ex);
    }
}
