namespace PlugRpc.Discovery;

/// <summary>One server as a registry lists it: its address and what it publishes about itself (e.g. tags).</summary>
public sealed record ServiceInstance(string Address, IReadOnlyDictionary<string, string> Metadata)
{
    public ServiceInstance(string address)
        : this(address, EmptyMetadata)
    {
    }

    public static IReadOnlyDictionary<string, string> EmptyMetadata { get; } = new Dictionary<string, string>();

    public bool Equals(ServiceInstance? other) =>
        other is not null && string.Equals(Address, other.Address, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Address);
}
