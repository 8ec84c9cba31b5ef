namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>
/// How one host of a fleet is set up: its name (what its FleetService answers), the server filters and tags of its
/// plugins.json, and the plugins it loads beside the codec, the transport and the service, each with its settings.
/// </summary>
internal sealed record FleetHostSpec(string Name)
{
    public IReadOnlyList<string> ServerFilters { get; init; } = [];

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Plugin name to its settings as JSON object text, or null for none, e.g. "PlugRpc.Filters.Tags".</summary>
    public IReadOnlyDictionary<string, string?> Plugins { get; init; } = new Dictionary<string, string?>();

    /// <summary><paramref name="count"/> plain hosts named host-0, host-1, …</summary>
    public static FleetHostSpec[] Plain(int count) => [.. Enumerable.Range(0, count).Select(i => new FleetHostSpec($"host-{i}"))];
}
