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
        var serverCall = new ServerCall(method!, codec, body.WrittenSequence, call.Metadata?.Clone(), call.RemoteEndPoint, cancellationToken);
        var timeLeftMs = call.Timeout is { } timeout ? Math.Max(1, (long)timeout.TotalMilliseconds) : 0;
        var deadline = timeLeftMs == 0 ? 0 : Environment.TickCount64 + timeLeftMs;
        if (deadline != 0)
        {
            serverCall.SetDeadline(deadline, timeLeftMs, new DeadlineTokens(cancellationToken));
        }

        inFlight.Enter();
        try
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
        finally
        {
            serverCall.ResponseBody.Dispose();
            inFlight.Exit();
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
