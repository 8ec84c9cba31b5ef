namespace PlugRpc.Discovery;

/// <summary>
/// The instances a client may call now, with a generation that grows whenever the list changes. Immutable: a
/// source hands out the same object until something changes.
/// </summary>
public sealed class InstanceView
{
    public InstanceView(IReadOnlyList<InstanceState> instances, long generation)
    {
        Instances = instances;
        Generation = generation;
    }

    public static InstanceView Empty { get; } = new([], 0);

    public IReadOnlyList<InstanceState> Instances { get; }

    public long Generation { get; }
}
