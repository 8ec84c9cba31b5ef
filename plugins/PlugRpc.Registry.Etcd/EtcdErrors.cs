using Grpc.Core;
using PlugRpc.Discovery;

namespace PlugRpc.Registry.Etcd;

using RpcException = Grpc.Core.RpcException;

/// <summary>The one-line RegistryExceptions the plugin throws, naming the endpoints and what was being done.</summary>
internal static class EtcdErrors
{
    /// <summary>
    /// Failures that pass: no connection, a deadline hit (a leader election), no leader, a member stopping (which
    /// cancels what it was serving). The caller's own cancellation is told apart before this is asked.
    /// </summary>
    public static bool IsTransient(RpcException error) =>
        error.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled;

    public static RegistryException Unreachable(EtcdSettings settings, string what, string detail, Exception? inner = null) =>
        new($"etcd at {settings.EndpointList} is unreachable ({what}): {detail}", inner);

    public static RegistryException Unreachable(EtcdSettings settings, string what, RpcException error) =>
        Unreachable(settings, what, Describe(error), error);

    public static RegistryException Refused(EtcdSettings settings, string what, RpcException error) =>
        new($"etcd at {settings.EndpointList} refused {what}: {Describe(error)}", error);

    /// <summary>The status and its detail (with the socket error under it, if any) on one line.</summary>
    public static string Describe(RpcException error)
    {
        var detail = error.Status.Detail;
        var cause = error.Status.DebugException?.GetBaseException().Message;
        if (!string.IsNullOrEmpty(cause) && !detail.Contains(cause, StringComparison.Ordinal))
        {
            detail += " (" + cause + ")";
        }

        return OneLine($"{error.StatusCode}: {detail}");
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
