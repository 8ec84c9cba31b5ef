using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PlugRpc.Gateway.Http;

/// <summary>
/// The first middleware: whatever fails after it (an oversized body, a user's endpoint that throws) is answered with
/// the gateway's JSON error and a status, never a stack trace; a request its client gave up on is left alone.
/// </summary>
internal sealed class ErrorGuard(ILogger logger)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            var status = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? RpcStatusCode.ResourceExhausted : RpcStatusCode.InvalidArgument;
            await ErrorBody.WriteAsync(context.Response, ex.StatusCode, status, ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            logger.LogError(ex, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            await ErrorBody.WriteAsync(context.Response, StatusCodes.Status500InternalServerError, RpcStatusCode.Internal, $"the gateway failed: {ex.Message}").ConfigureAwait(false);
        }
    }
}
