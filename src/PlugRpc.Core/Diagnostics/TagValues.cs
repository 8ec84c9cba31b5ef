using PlugRpc.Client;
using PlugRpc.Options;

namespace PlugRpc.Diagnostics;

/// <summary>
/// The values that go on spans and measurements made once, boxed: a status code or a fail mode as a tag costs no
/// allocation per call.
/// </summary>
internal static class TagValues
{
    private static readonly object[] Codes = [.. Enumerable.Range(0, (int)RpcStatusCode.ProtocolError + 1).Select(code => (object)code)];
    private static readonly string[] FailModes = [.. Enum.GetValues<FailMode>().Select(mode => mode.ToString().ToLowerInvariant())];
    private static readonly string[] AttemptKinds = ["first", "retry", "backup"];

    /// <summary>The numeric status, boxed once.</summary>
    public static object Of(RpcStatusCode status) => (uint)status < (uint)Codes.Length ? Codes[(int)status] : (int)status;

    public static string Of(FailMode mode) => (uint)mode < (uint)FailModes.Length ? FailModes[(int)mode] : mode.ToString().ToLowerInvariant();

    public static string Of(AttemptKind kind) => AttemptKinds[(int)kind];

    /// <summary>The status a call's or an attempt's outcome stands for.</summary>
    public static RpcStatusCode StatusOf(Exception? failure) => failure switch
    {
        null => RpcStatusCode.Ok,
        RpcException rpc => rpc.StatusCode,
        OperationCanceledException => RpcStatusCode.Cancelled,
        _ => RpcStatusCode.Unknown,
    };
}
