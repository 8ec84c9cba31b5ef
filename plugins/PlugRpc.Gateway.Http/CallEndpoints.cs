using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using PlugRpc.Protocol;

namespace PlugRpc.Gateway.Http;

/// <summary>
/// The gateway's routes: POST /{Service}/{Method} with a JSON body answers the method's JSON; POST /invoke is
/// go-rpc's, naming the call in rpc-header-service_name and rpc-header-method_name with the body in
/// rpc-header-serialize_type's encoding. Both read rpc-header-meta_data and answer go-rpc's response headers; a
/// failed call answers the HTTP status of its <see cref="RpcStatusCode"/> and a JSON error body.
/// </summary>
internal sealed class CallEndpoints(CallRouter router, InvokeBodies bodies, GatewaySettings settings, ILogger logger)
{
    private long seq;

    public async Task CallAsync(HttpContext context)
    {
        var service = (string)context.Request.RouteValues["service"]!;
        var method = (string)context.Request.RouteValues["method"]!;
        GoRpcRequest request;
        string json;
        try
        {
            request = GoRpcRequest.Read(context.Request.Headers);
            if (!IsJson(context.Request.ContentType))
            {
                GoRpcResponse.Write(context.Response, NextSeq(null), SerializeTypes.Json, service, method, "unsupported content type", null);
                await ErrorBody.WriteAsync(
                    context.Response,
                    StatusCodes.Status415UnsupportedMediaType,
                    RpcStatusCode.InvalidArgument,
                    $"the body is {context.Request.ContentType}; send the request as JSON with Content-Type: application/json").ConfigureAwait(false);
                return;
            }

            json = RequestJson.Check(await ReadBodyAsync(context).ConfigureAwait(false));
        }
        catch (RpcException ex)
        {
            await FailAsync(context, null, SerializeTypes.Json, service, method, null, ex).ConfigureAwait(false);
            return;
        }

        await RunAsync(context, request with { SerializeType = SerializeTypes.Json }, service, method, json).ConfigureAwait(false);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        GoRpcRequest request;
        string json;
        try
        {
            request = GoRpcRequest.Read(context.Request.Headers);
            if (request.ServiceName is null || request.MethodName is null)
            {
                throw new RpcException(
                    RpcStatusCode.InvalidArgument,
                    $"POST /invoke names the call in {GoRpcHeaders.ServiceName} and {GoRpcHeaders.MethodName}; or call POST /{{Service}}/{{Method}} with JSON");
            }

            json = bodies.ToJson(request.SerializeType, await ReadBodyAsync(context).ConfigureAwait(false));
        }
        catch (RpcException ex)
        {
            var headers = context.Request.Headers;
            await FailAsync(context, null, SerializeTypes.Json, headers[GoRpcHeaders.ServiceName].ToString(), headers[GoRpcHeaders.MethodName].ToString(), null, ex).ConfigureAwait(false);
            return;
        }

        await RunAsync(context, request, request.ServiceName, request.MethodName, json).ConfigureAwait(false);
    }

    /// <summary>Any other path or method: 405 for a call route asked with another method than POST, else 404.</summary>
    public Task UnknownRouteAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Length;
        var isCallRoute = segments == 2 || path.Equals("/invoke", StringComparison.OrdinalIgnoreCase);
        return isCallRoute && !HttpMethods.IsPost(context.Request.Method)
            ? ErrorBody.WriteAsync(context.Response, StatusCodes.Status405MethodNotAllowed, RpcStatusCode.InvalidArgument, $"{context.Request.Method} {path}: a call is POST /{{Service}}/{{Method}} with a JSON body")
            : ErrorBody.WriteAsync(context.Response, StatusCodes.Status404NotFound, RpcStatusCode.NotFound, $"no route for {context.Request.Method} {path}: a call is POST /{{Service}}/{{Method}} with a JSON body");
    }

    private async Task RunAsync(HttpContext context, GoRpcRequest request, string service, string method, string json)
    {
        var call = new JsonCall(service, method, json)
        {
            Options = new CallOptions { Metadata = TraceHeaders.AddTo(request.Metadata, context.Request.Headers), Timeout = request.Timeout ?? settings.Timeout },
            RemoteEndPoint = RemoteEndPointOf(context),
        };
        JsonReply reply;
        try
        {
            reply = await router.CallAsync(call, context.RequestAborted).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug("{Service}.{Method} from {Caller} failed: {Error}", service, method, call.RemoteEndPoint, ex.ToString());
            }

            await FailAsync(context, request.Seq, request.SerializeType, service, method, request.Metadata, ex).ConfigureAwait(false);
            return;
        }

        var body = bodies.FromJson(request.SerializeType, reply.ResponseJson);
        GoRpcResponse.Write(context.Response, NextSeq(request.Seq), request.SerializeType, service, method, null, reply.Metadata);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = request.SerializeType == SerializeTypes.Json ? "application/json; charset=utf-8" : "application/octet-stream";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>An error answer: go-rpc's headers (status_code 1, the error, the request's metadata with rpc_status) and the JSON error body.</summary>
    private Task FailAsync(HttpContext context, ulong? requestSeq, byte serializeType, string service, string method, Metadata? metadata, RpcException error)
    {
        var echoed = metadata?.Clone() ?? new Metadata();
        echoed[MetadataKeys.Status] = ((int)error.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        GoRpcResponse.Write(context.Response, NextSeq(requestSeq), serializeType, service, method, error.Message, echoed);
        return ErrorBody.WriteAsync(context.Response, error);
    }

    private ulong NextSeq(ulong? requestSeq) => requestSeq ?? (ulong)Interlocked.Increment(ref seq);

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return true;
        }

        return MediaTypeHeaderValue.TryParse(contentType, out var media) &&
            (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
             media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static string RemoteEndPointOf(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip ? new IPEndPoint(ip, context.Connection.RemotePort).ToString() : "http";
}
