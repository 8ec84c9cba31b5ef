namespace PlugRpc.Services;

/// <summary>Gives a service method a wire name other than its .NET name, or marks it idempotent.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class RpcMethodAttribute : Attribute
{
    public RpcMethodAttribute()
    {
    }

    public RpcMethodAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The wire name; null keeps the .NET name.</summary>
    public string? Name { get; }

    /// <summary>
    /// Running the method twice does no harm, so the client may retry it after a lost connection or a timed-out
    /// attempt, and send backup requests for it.
    /// </summary>
    public bool Idempotent { get; set; }
}
