using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace PlugRpc.Gateway.Http;

/// <summary>Writes the gateway's error answer: an HTTP status and the JSON body {"status": "...", "message": "..."}.</summary>
internal static class ErrorBody
{
    public static async Task WriteAsync(HttpResponse response, int httpStatus, RpcStatusCode status, string message)
    {
        response.StatusCode = httpStatus;
        response.ContentType = "application/json; charset=utf-8";
        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("status", status.ToString());
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length), response.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    public static Task WriteAsync(HttpResponse response, RpcException error) =>
        WriteAsync(response, HttpStatusOf.Call(error.StatusCode), error.StatusCode, error.Message);
}
