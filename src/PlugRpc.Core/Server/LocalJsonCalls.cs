using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using PlugRpc.Buffers;
using PlugRpc.Codecs;
using PlugRpc.Components;
using PlugRpc.Dispatch;
using PlugRpc.Protocol;

namespace PlugRpc.Server;

/// <summary>
/// Serves JSON calls made inside the process (<see cref="ILocalCalls"/>, e.g. the HTTP gateway's) as a request from
/// the network is served: the same methods through the same filter chain, with the call's deadline, counted among the
/// calls a graceful shutdown waits for. The JSON reaches the method through the JSON codec when one is loaded, else
/// through a codec that converts JSON (<see cref="IJsonTranscoder"/>). Off the network path: it costs that nothing.
/// </summary>
internal sealed class LocalJsonCalls
{
    private readonly ServiceCatalog catalog;
    private readonly CodecSet codecs;
    private readonly RequestDispatcher dispatcher;
    private readonly InFlightCounter inFlight;
    private readonly ILogger logger;

    public LocalJsonCalls(ServiceCatalog catalog, CodecSet codecs, RequestDispatcher dispatcher, InFlightCounter inFlight, ILogger logger)
    {
        this.catalog = catalog;
        this.codecs = codecs;
        this.dispatcher = dispatcher;
        this.inFlight = inFlight;
        this.logger = logger;
    }

    public bool Serves(string serviceName) => !dispatcher.ShuttingDown && catalog.Contains(serviceName);

    public async Task<JsonReply> CallAsync(JsonCall call, CancellationToken cancellationToken)
    {
        if (dispatcher.ShuttingDown)
        {
            throw new RpcException(RpcStatusCode.Unavailable, RpcErrors.ShuttingDown);
        }

        if (!catalog.TryFind(call.ServiceName, call.MethodName, out var method, out var notFound))
        {
            throw new RpcException(RpcStatusCode.NotFound, notFound);
        }

        var codec = JsonCapableCodec();
        using var body = new PooledBufferWriter();
        WriteRequest(codec, call.RequestJson, body);
        var metadata = call.Options.Metadata?.Clone();
        var observed = RequestTelemetry.IsOn ? RequestTelemetry.Begin(HeaderOf(call, metadata), call.RemoteEndPoint, body.WrittenCount, catalog) : default;
        var serverCall = new ServerCall(method!, codec, body.WrittenSequence, metadata, call.RemoteEndPoint, cancellationToken);
        var timeLeftMs = call.Options.Timeout is { } timeout ? Math.Max(1, (long)timeout.TotalMilliseconds) : 0;
        var deadline = timeLeftMs == 0 ? 0 : Environment.TickCount64 + timeLeftMs;
        if (deadline != 0)
        {
            serverCall.SetDeadline(deadline, timeLeftMs, new DeadlineTokens(cancellationToken));
        }

        inFlight.Enter();
        try
        {
            var reply = await ServeAsync(call, serverCall, codec, deadline, cancellationToken).ConfigureAwait(false);
            End(call, observed, RpcStatusCode.Ok, null, serverCall.ResponseBody.WrittenCount);
            return reply;
        }
        catch (Exception ex)
        {
            var error = ex as RpcException ?? new RpcException(RpcStatusCode.Cancelled, ex.Message);
            End(call, observed, error.StatusCode, error.Message, responseBytes: -1);
            throw;
        }
        finally
        {
            serverCall.ResponseBody.Dispose();
            inFlight.Exit();
        }
    }

    private async Task<JsonReply> ServeAsync(JsonCall call, ServerCall serverCall, ICodec codec, long deadline, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            await dispatcher.Pipeline(serverCall).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        var fired = serverCall.EndDeadline();
        cancellationToken.ThrowIfCancellationRequested();
        if (deadline != 0 && (fired || Environment.TickCount64 >= deadline))
        {
            throw new RpcException(RpcStatusCode.DeadlineExceeded, RpcErrors.RequestTimedOut);
        }

        if (failure is not null)
        {
            throw failure as RpcException ?? Unexpected(call, failure);
        }

        var json = ReadResponse(codec, serverCall.ResponseBody);
        return new JsonReply(json, serverCall.HasMetadata ? serverCall.Metadata : null);
    }

    /// <summary>
    /// The request as the span and metrics see it: by its names and its metadata's traceparent, else the caller's
    /// current span (in-process, the call continues the trace it is made in).
    /// </summary>
    private static MessageHeader HeaderOf(JsonCall call, Metadata? metadata)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } current && metadata?.ContainsKey(MetadataKeys.TraceParent) != true)
        {
            metadata = metadata?.Clone() ?? new Metadata();
            metadata[MetadataKeys.TraceParent] = current.Id!;
            if (current.TraceStateString is { Length: > 0 } state)
            {
                metadata[MetadataKeys.TraceState] = state;
            }
        }

        return new() { MessageType = MessageType.Request, ServiceName = call.ServiceName, MethodName = call.MethodName, Metadata = metadata };
    }

    private static void End(JsonCall call, in RequestObservation observed, RpcStatusCode status, string? error, long responseBytes)
    {
        if (observed.Activity is not null || observed.StartedAt != 0)
        {
            RequestTelemetry.End(new MessageHeader { ServiceName = call.ServiceName, MethodName = call.MethodName }, observed, status, error, responseBytes);
        }
    }

    /// <summary>The JSON codec (the request goes to the method as it is), else the first codec that converts JSON.</summary>
    private ICodec JsonCapableCodec()
    {
        if (codecs.TryGetCodec(SerializeTypes.Json, out var json))
        {
            return json;
        }

        return codecs.Codecs.All.FirstOrDefault(c => c is IJsonTranscoder)
            ?? throw new RpcException(RpcStatusCode.FailedPrecondition, $"no loaded codec reads JSON (loaded: {codecs.DescribeCodecs()}); load the json codec plugin");
    }

    private static void WriteRequest(ICodec codec, string json, PooledBufferWriter body)
    {
        if (codec.SerializeType == SerializeTypes.Json)
        {
            Encoding.UTF8.GetBytes(json, body);
            return;
        }

        ((IJsonTranscoder)codec).WriteFromJson(json, body);
    }

    private static string ReadResponse(ICodec codec, PooledBufferWriter body) =>
        codec.SerializeType == SerializeTypes.Json
            ? Encoding.UTF8.GetString(body.WrittenSequence)
            : ((IJsonTranscoder)codec).ReadAsJson(body.WrittenSequence);

    private RpcException Unexpected(JsonCall call, Exception ex)
    {
        logger.LogError(ex, "{Service}.{Method} threw", call.ServiceName, call.MethodName);
        return new RpcException(RpcStatusCode.Internal, $"{call.ServiceName}.{call.MethodName} failed: {ex.Message}", ex);
    }
}
