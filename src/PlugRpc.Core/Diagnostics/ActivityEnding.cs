using System.Diagnostics;
using PlugRpc.Transport;

namespace PlugRpc.Diagnostics;

/// <summary>What the client and server spans share: their outcome's tags and status, the peer's address, and stopping.</summary>
internal static class ActivityEnding
{
    /// <summary>Tags the outcome: the status code always; for a failure its name and the span's Error status with the message.</summary>
    public static void SetOutcome(Activity activity, RpcStatusCode status, string? error)
    {
        activity.SetTag(RpcTelemetryTags.StatusCode, TagValues.Of(status));
        if (status != RpcStatusCode.Ok)
        {
            activity.SetTag(RpcTelemetryTags.ErrorType, status.ToString());
            activity.SetStatus(ActivityStatusCode.Error, error);
        }
    }

    /// <summary>
    /// Stops <paramref name="activity"/> without changing the caller's current activity: Stop makes the activity's
    /// parent current, wherever it runs, and a call ends on whichever thread settles it.
    /// </summary>
    public static void Stop(Activity activity)
    {
        var current = Activity.Current;
        activity.Stop();
        Activity.Current = current;
    }

    /// <summary>Tags <paramref name="hostTag"/> and <paramref name="portTag"/> from an address (see <see cref="PeerOf"/>).</summary>
    public static void SetPeer(Activity activity, string? address, string hostTag, string portTag)
    {
        var (host, port) = PeerOf(address);
        if (host is null)
        {
            return;
        }

        activity.SetTag(hostTag, host);
        if (port is { } number)
        {
            activity.SetTag(portTag, number);
        }
    }

    /// <summary>The host and port of <c>scheme://host:port</c> or <c>host:port</c>; a socket path as the host, without a port.</summary>
    public static (string? Host, int? Port) PeerOf(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return (null, null);
        }

        var target = RpcAddress.TryParse(address, out var parsed, out _) ? parsed.Target : address;
        var colon = target.LastIndexOf(':');
        return colon > 0 && target.IndexOf('/') < 0 && int.TryParse(target.AsSpan(colon + 1), out var port)
            ? (target[..colon].Trim('[', ']'), port)
            : (target, null);
    }
}
