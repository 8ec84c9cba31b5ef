namespace PlugRpc.Services;

/// <summary>
/// Marks a class the server hosts, or an interface a client proxy implements. The service name defaults to the
/// class name (for an interface, its name without the leading I).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface, Inherited = false)]
public sealed class RpcServiceAttribute : Attribute
{
    public RpcServiceAttribute()
    {
    }

    public RpcServiceAttribute(string name)
    {
        Name = name;
    }

    public string? Name { get; }
}
