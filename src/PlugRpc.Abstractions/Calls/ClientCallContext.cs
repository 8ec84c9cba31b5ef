using System.Buffers;
using PlugRpc.Codecs;
using PlugRpc.Discovery;

namespace PlugRpc;

/// <summary>
/// One call as the client sees it, passed down the client filter chain. Filters read and change its metadata,
/// deadline and target; the framework's last handler sends it.
/// </summary>
public abstract class ClientCallContext
{
    private Dictionary<object, object?>? items;
    private Metadata? metadata;

    /// <param name="metadata">The call's own metadata; null for none yet (an empty set is made on first use).</param>
    protected ClientCallContext(string serviceName, string methodName, Metadata? metadata, CallOptions options, CancellationToken cancellationToken)
    {
        ServiceName = serviceName;
        MethodName = methodName;
        this.metadata = metadata;
        Options = options;
        CancellationToken = cancellationToken;
    }

    public string ServiceName { get; private set; }

    public string MethodName { get; private set; }

    public Metadata Metadata => metadata ??= new Metadata();

    /// <summary>Whether there is any metadata to send, without creating an empty set to find out.</summary>
    public bool HasMetadata => metadata is { Count: > 0 };

    public CallOptions Options { get; private set; }

    public CancellationToken CancellationToken { get; set; }

    /// <summary>How long the call may take, counted from when it enters the chain.</summary>
    public TimeSpan Timeout { get; set; }

    /// <summary>Which attempt this is, 1 for the first; retry filters raise it.</summary>
    public int Attempt { get; set; } = 1;

    /// <summary>The server picked for this attempt, once the selector has run.</summary>
    public ServiceInstance? Instance { get; set; }

    /// <summary>The metadata the server sent back, once a response arrived.</summary>
    public Metadata? ResponseMetadata { get; set; }

    public abstract object? RequestObject { get; }

    public abstract object? ResponseObject { get; }

    public IDictionary<object, object?> Items => items ??= [];

    /// <summary>Encodes the request body. Called by the framework's last handler.</summary>
    public abstract void WriteRequest(ICodec codec, IBufferWriter<byte> output);

    /// <summary>Decodes the response body. Called by the framework's last handler.</summary>
    public abstract void ReadResponse(ICodec codec, in ReadOnlySequence<byte> body);

    public override string ToString() => $"{ServiceName}.{MethodName}";

    /// <summary>
    /// Makes this object a new call, as if just constructed: for a framework that reuses the call objects that
    /// no filter and no user code has seen.
    /// </summary>
    protected void Reuse(string serviceName, string methodName, Metadata? metadata, CallOptions options, CancellationToken cancellationToken)
    {
        ServiceName = serviceName;
        MethodName = methodName;
        this.metadata = metadata;
        Options = options;
        CancellationToken = cancellationToken;
        items = null;
        Timeout = default;
        Attempt = 1;
        Instance = null;
        ResponseMetadata = null;
    }
}
