namespace PlugRpc.Core.Tests.Protocol;

/// <summary>The frames captured from go-rpc (copied from shared/vectors/gorpc).</summary>
internal static class Vectors
{
    public static readonly string[] All =
    [
        "add_request", "add_response", "bad_auth_error_response", "bad_auth_request", "divide_by_zero_error_response",
        "divide_by_zero_request", "heartbeat_request", "heartbeat_response", "unknown_service_error_response",
        "unknown_service_request",
    ];

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Vectors", "gorpc", name + ".bin"));
}
