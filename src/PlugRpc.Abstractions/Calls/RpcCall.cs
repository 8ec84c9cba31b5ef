namespace PlugRpc;

/// <summary>What a call is on either side: its service and method, its metadata and the filters' shared state.</summary>
public abstract class RpcCall
{
    private Dictionary<object, object?>? items;
    private Metadata? metadata;

    /// <param name="metadata">The call's metadata; null for none (an empty set is made on first use).</param>
    protected RpcCall(string serviceName, string methodName, Metadata? metadata)
    {
        ServiceName = serviceName;
        MethodName = methodName;
        this.metadata = metadata;
    }

    public string ServiceName { get; private set; }

    public string MethodName { get; private set; }

    /// <summary>The call's metadata. On the server, the response carries it back (as in go-rpc), with any changes.</summary>
    public Metadata Metadata => metadata ??= new Metadata();

    /// <summary>Whether there is any metadata, without creating an empty set to find out.</summary>
    public bool HasMetadata => metadata is { Count: > 0 };

    /// <summary>State that filters hand to one another for this call.</summary>
    public IDictionary<object, object?> Items => items ??= [];

    /// <summary>Makes this object another call's, for a framework that reuses call objects nobody else has seen.</summary>
    protected void ResetCall(string serviceName, string methodName, Metadata? metadata)
    {
        ServiceName = serviceName;
        MethodName = methodName;
        this.metadata = metadata;
        items = null;
    }
}
