using System.Globalization;

namespace PlugRpc.Registry.Consul;

/// <summary>A duration as Consul's API reads it (Go's duration text): whole seconds as "10s", anything finer in milliseconds.</summary>
internal static class ConsulDuration
{
    public static string Format(TimeSpan value)
    {
        var milliseconds = Math.Max(1, (long)Math.Ceiling(value.TotalMilliseconds));
        return milliseconds % 1000 == 0
            ? (milliseconds / 1000).ToString(CultureInfo.InvariantCulture) + "s"
            : milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
    }
}
