using Microsoft.AspNetCore.Http;

namespace PlugRpc.Gateway.Http;

/// <summary>The HTTP status a failed call answers with, by its <see cref="RpcStatusCode"/>.</summary>
internal static class HttpStatusOf
{
    public static int Call(RpcStatusCode status) => status switch
    {
        RpcStatusCode.NotFound => StatusCodes.Status404NotFound,
        RpcStatusCode.InvalidArgument => StatusCodes.Status400BadRequest,
        RpcStatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        RpcStatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        RpcStatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        RpcStatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        RpcStatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status500InternalServerError,
    };
}
