namespace PlugRpc.Client;

/// <summary>
/// A client's discovery as it stands: where its instances come from, whether that source is reachable, when the
/// list was last confirmed, and what is wrong when something is.
/// </summary>
/// <param name="Origin">"addresses" for a fixed list, else "app key 'x' at &lt;registry URL&gt;".</param>
/// <param name="Reachable">False while the registry cannot be reached: the last good list serves meanwhile.</param>
/// <param name="ConfirmedAt">When the registry last confirmed the list; null before the first list (or for a fixed list).</param>
/// <param name="Problem">Why the registry is unreachable, or what was cached; null when all is well.</param>
public sealed record DiscoveryStatus(string Origin, bool Reachable, DateTimeOffset? ConfirmedAt, string? Problem)
{
    public static DiscoveryStatus Fixed { get; } = new("addresses", true, null, null);
}
