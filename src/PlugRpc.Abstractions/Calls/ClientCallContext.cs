using System.Buffers;
using PlugRpc.Codecs;
using PlugRpc.Discovery;

namespace PlugRpc;

/// <summary>
/// One call as the client sees it, passed down the client filter chain. Filters read and change its metadata,
/// deadline and target; the framework's last handler sends it.
/// </summary>
public abstract class ClientCallContext : RpcCall
{
    /// <param name="metadata">The call's own metadata; null for none yet (an empty set is made on first use).</param>
    private TimeSpan timeout;

    protected ClientCallContext(string serviceName, string methodName, Metadata? metadata, CallOptions options, CancellationToken cancellationToken)
        : base(serviceName, methodName, metadata)
    {
        Options = options;
        CancellationToken = cancellationToken;
    }

    public CallOptions Options { get; private set; }

    public CancellationToken CancellationToken { get; set; }

    /// <summary>How long the call may take, counted from when it is set: the framework sets it as the call enters the chain.</summary>
    public TimeSpan Timeout
    {
        get => timeout;
        set
        {
            timeout = value;
            DeadlineTickCount = Environment.TickCount64 + (long)value.TotalMilliseconds;
        }
    }

    /// <summary>When the call times out, in <see cref="Environment.TickCount64"/> milliseconds: all its attempts share it.</summary>
    public long DeadlineTickCount { get; private set; }

    /// <summary>How long the call has left.</summary>
    public TimeSpan TimeLeft => TimeSpan.FromMilliseconds(Math.Max(0, DeadlineTickCount - Environment.TickCount64));

    /// <summary>How many attempts the call has started so far (1 for the first); a retry filter's own resend raises it.</summary>
    public int Attempt { get; set; } = 1;

    /// <summary>The instance the call's latest attempt went to, once one was picked.</summary>
    public InstanceState? Instance { get; set; }

    /// <summary>The metadata the server sent back, once a response arrived.</summary>
    public Metadata? ResponseMetadata { get; set; }

    public abstract object? RequestObject { get; }

    public abstract object? ResponseObject { get; }

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
        ResetCall(serviceName, methodName, metadata);
        Options = options;
        CancellationToken = cancellationToken;
        timeout = default;
        DeadlineTickCount = 0;
        Attempt = 1;
        Instance = null;
        ResponseMetadata = null;
    }
}
