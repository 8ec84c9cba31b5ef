namespace PlugRpc.Services;

/// <summary>Gives a service method a wire name other than its .NET name.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class RpcMethodAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
