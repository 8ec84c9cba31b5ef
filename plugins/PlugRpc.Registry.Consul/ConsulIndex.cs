using System.Globalization;

namespace PlugRpc.Registry.Consul;

/// <summary>
/// Consul's X-Consul-Index as a blocking query's next index, by the rules of Consul's blocking-query docs: opaque
/// (only compared, never computed with), at least 1 (an index of 0 would make the next query return at once, a busy
/// loop), and when it goes backwards (a restored snapshot, a dev agent restarted) the next query starts over from
/// the answer just read rather than waiting for an index that may never come.
/// </summary>
internal static class ConsulIndex
{
    /// <summary>The index to wait on after an answer carrying <paramref name="header"/>.</summary>
    public static long Next(string? header)
    {
        if (!ulong.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index == 0)
        {
            return 1;
        }

        return index > long.MaxValue ? long.MaxValue : (long)index;
    }
}
