using PlugRpc.Plugins;

namespace PlugRpc.Components;

/// <summary>Implementations of one contract, found by name; lookup failures say what is available.</summary>
internal sealed class NamedSet<T>
    where T : class
{
    private readonly Dictionary<string, T> byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly string kind;

    public NamedSet(string kind, IEnumerable<T> items, Func<T, string> nameOf)
        : this(kind, items.Select(item => new Owned<T>(item, "the host")), nameOf)
    {
    }

    /// <exception cref="PluginLoadException">Two implementations have one name; the message names both owners.</exception>
    public NamedSet(string kind, IEnumerable<Owned<T>> items, Func<T, string> nameOf)
    {
        this.kind = kind;
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (item, owner) in items)
        {
            var name = nameOf(item);
            if (owners.TryGetValue(name, out var other))
            {
                throw new PluginLoadException($"{other} and {owner} both provide a {kind} named '{name}'; a name must be one component's: disable one or rename it");
            }

            owners[name] = owner;
            byName[name] = item;
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

/// <summary>A component and who registered it ("plugin 'X'" or "the host"), for messages.</summary>
internal readonly record struct Owned<T>(T Item, string Owner);
