namespace PlugRpc.Services;

/// <summary>Keeps a public method of a service class off the wire.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class RpcIgnoreAttribute : Attribute
{
}
