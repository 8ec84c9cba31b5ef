namespace PlugRpc;

/// <summary>
/// One call as the server sees it: given to server filters and, optionally, to the service method.
/// </summary>
public class CallContext
{
    private Dictionary<object, object?>? items;
    private Metadata? metadata;

    /// <param name="metadata">The request's metadata; null when it carried none (an empty set is made on first use).</param>
    public CallContext(string serviceName, string methodName, Metadata? metadata, string remoteEndPoint, CancellationToken cancellationToken)
    {
        ServiceName = serviceName;
        MethodName = methodName;
        this.metadata = metadata;
        RemoteEndPoint = remoteEndPoint;
        CancellationToken = cancellationToken;
    }

    public string ServiceName { get; private set; }

    public string MethodName { get; private set; }

    /// <summary>The request's metadata. As in go-rpc, the response carries it back, with any changes made here.</summary>
    public Metadata Metadata => metadata ??= new Metadata();

    /// <summary>Whether there is any metadata, without creating an empty set to find out.</summary>
    public bool HasMetadata => metadata is { Count: > 0 };

    public string RemoteEndPoint { get; private set; }

    /// <summary>Cancelled when the caller's connection closes or the server stops waiting.</summary>
    public CancellationToken CancellationToken { get; private set; }

    /// <summary>The decoded request, once the terminal handler has read it.</summary>
    public object? Request { get; set; }

    /// <summary>The response the method produced, once it has run.</summary>
    public object? Response { get; set; }

    /// <summary>State that filters hand to one another for this call.</summary>
    public IDictionary<object, object?> Items => items ??= [];

    /// <summary>
    /// Makes this object a new call, as if just constructed: for a framework that reuses the call objects that
    /// no filter and no service method has seen.
    /// </summary>
    protected void Reuse(string serviceName, string methodName, Metadata? metadata, string remoteEndPoint, CancellationToken cancellationToken)
    {
        ServiceName = serviceName;
        MethodName = methodName;
        this.metadata = metadata;
        RemoteEndPoint = remoteEndPoint;
        CancellationToken = cancellationToken;
        items = null;
        Request = null;
        Response = null;
    }
}
