namespace PlugRpc.Diagnostics;

/// <summary>An RPC client of this process and its view of the instances it calls.</summary>
/// <param name="Origin">Where its instances come from: "addresses", or "app key 'x' at &lt;registry&gt;".</param>
/// <param name="AppKey">The app key it discovers; null for a fixed list of addresses.</param>
/// <param name="Addresses">The fixed addresses it was given; empty when a registry lists them.</param>
/// <param name="Reachable">False while its registry cannot be reached (the last good list serves meanwhile).</param>
/// <param name="Problem">What is wrong with its discovery, when something is.</param>
/// <param name="ConfirmedAt">When the registry last confirmed the list; null for a fixed list or before the first.</param>
/// <param name="Instances">The instances in its view, then those that left it recently (<see cref="InstanceOverview.InView"/> false).</param>
public sealed record ClientOverview(
    string Origin,
    string? AppKey,
    IReadOnlyList<string> Addresses,
    bool Reachable,
    string? Problem,
    DateTimeOffset? ConfirmedAt,
    IReadOnlyList<InstanceOverview> Instances);
