using System.Text;
using System.Text.Json;

namespace PlugRpc.Gateway.Http;

/// <summary>Checks that a request body is one JSON value, so that a malformed one gets one clear 400 on every path.</summary>
internal static class RequestJson
{
    /// <exception cref="RpcException">InvalidArgument: the body is empty or not JSON.</exception>
    public static string Check(byte[] body)
    {
        if (body.Length == 0)
        {
            throw new RpcException(RpcStatusCode.InvalidArgument, "the request body is empty: send the request as JSON, e.g. {}");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new RpcException(RpcStatusCode.InvalidArgument, $"the request body is not valid JSON: {ex.Message}", ex);
        }

        return Encoding.UTF8.GetString(body);
    }
}
