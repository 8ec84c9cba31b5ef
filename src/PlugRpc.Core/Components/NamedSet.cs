namespace PlugRpc.Components;

/// <summary>Implementations of one contract, found by name; lookup failures say what is available.</summary>
internal sealed class NamedSet<T>
    where T : class
{
    private readonly Dictionary<string, T> byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly string kind;

    public NamedSet(string kind, IEnumerable<T> items, Func<T, string> nameOf)
    {
        this.kind = kind;
        foreach (var item in items)
        {
            byName[nameOf(item)] = item;
        }
    }

    public IReadOnlyCollection<T> All => byName.Values;

    public string Available => byName.Count == 0 ? "none" : string.Join(", ", byName.Keys.Order(StringComparer.Ordinal));

    public bool TryGet(string name, out T? item) => byName.TryGetValue(name, out item);

    /// <exception cref="RpcException">No such implementation is loaded.</exception>
    public T Get(string name, RpcStatusCode statusWhenMissing = RpcStatusCode.FailedPrecondition) =>
        byName.TryGetValue(name, out var item)
            ? item
            : throw new RpcException(statusWhenMissing, $"no {kind} named '{name}' is loaded (loaded: {Available})");
}
