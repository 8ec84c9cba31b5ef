using System.Buffers;
using PlugRpc.Buffers;
using PlugRpc.Codecs;
using PlugRpc.Server;

namespace PlugRpc.Dispatch;

/// <summary>
/// One request on its way through the server: the call context plus what the last handler needs. A call that
/// no filter and no service method can see (no server filters, a method without a <see cref="CallContext"/>
/// parameter) is used again for the thread's next request once answered.
/// </summary>
internal sealed class ServerCall : CallContext
{
    /// <summary>Marks a call whose deadline watch has ended: its token is the connection's again.</summary>
    private static readonly CancellationTokenSource Ended = new();

    [ThreadStatic]
    private static ServerCall? spare;

    private DeadlineTokens? deadlineSources;
    private CancellationTokenSource? deadlineSource;

    public ServerCall(
        ServiceMethod method,
        ICodec codec,
        ReadOnlySequence<byte> body,
        Metadata? metadata,
        string remoteEndPoint,
        CancellationToken cancellationToken,
        PooledBufferWriter? responseBody = null)
        : base(method.ServiceName, method.MethodName, metadata, remoteEndPoint, cancellationToken)
    {
        Method = method;
        Codec = codec;
        Body = body;
        ResponseBody = responseBody ?? new PooledBufferWriter();
    }

    public ServiceMethod Method { get; private set; }

    public ICodec Codec { get; private set; }

    public ReadOnlySequence<byte> Body { get; private set; }

    /// <summary>The encoded response, written by the method's handler.</summary>
    public PooledBufferWriter ResponseBody { get; private set; }

    /// <summary>Whether the call may be used again once answered (see <see cref="Recycle"/>).</summary>
    public bool Unseen { get; private set; }

    /// <summary>When the caller stops waiting, in <see cref="Environment.TickCount64"/> milliseconds; 0 for no deadline.</summary>
    public long DeadlineTickCount { get; private set; }

    /// <summary>
    /// For a call with a deadline, a token that also fires at it, made on first use: a call whose token nobody
    /// asks for (no filter or method reads it) costs no timer. Once the call is done, the connection's token.
    /// </summary>
    public override CancellationToken CancellationToken => DeadlineTickCount == 0 ? base.CancellationToken : DeadlineToken();

    /// <summary>
    /// Gives the call the deadline its request arrived with. <see cref="CallContext.Deadline"/> is only worked out
    /// for a call that a filter or the method can see.
    /// </summary>
    /// <param name="sources">Where the token that fires at the deadline comes from, if one is asked for.</param>
    public void SetDeadline(long deadlineTickCount, long timeLeftMs, DeadlineTokens sources)
    {
        DeadlineTickCount = deadlineTickCount;
        deadlineSources = sources;
        deadlineSource = null;
        if (!Unseen)
        {
            Deadline = DateTime.UtcNow.AddMilliseconds(timeLeftMs);
        }
    }

    /// <summary>
    /// Ends the deadline's watch for a call that is done: whether the token fired (for the deadline or the
    /// connection) before that; the token's source goes back to <see cref="DeadlineTokens"/>.
    /// </summary>
    public bool EndDeadline()
    {
        var source = Interlocked.Exchange(ref deadlineSource, Ended);
        if (source is null || ReferenceEquals(source, Ended))
        {
            return false;
        }

        var fired = source.IsCancellationRequested;
        deadlineSources!.Return(source, reusable: !Method.TakesContext);
        return fired;
    }

    /// <summary>A call that only the framework will see: the thread's spare one if it has one.</summary>
    public static ServerCall ForUnseen(
        ServiceMethod method, ICodec codec, ReadOnlySequence<byte> body, Metadata? metadata, string remoteEndPoint, CancellationToken cancellationToken, PooledBufferWriter responseBody)
    {
        var call = spare;
        if (call is null)
        {
            return new ServerCall(method, codec, body, metadata, remoteEndPoint, cancellationToken, responseBody) { Unseen = true };
        }

        spare = null;
        call.Reuse(method.ServiceName, method.MethodName, metadata, remoteEndPoint, cancellationToken);
        call.Method = method;
        call.Codec = codec;
        call.Body = body;
        call.ResponseBody = responseBody;
        return call;
    }

    /// <summary>Keeps an answered call that nobody else saw for the thread's next request.</summary>
    public void Recycle()
    {
        if (!Unseen)
        {
            return;
        }

        Body = default;
        Request = null;
        Response = null;
        DeadlineTickCount = 0;
        deadlineSources = null;
        deadlineSource = null;
        spare = this;
    }

    private CancellationToken DeadlineToken()
    {
        var source = Volatile.Read(ref deadlineSource);
        if (source is null)
        {
            var made = deadlineSources!.Take(DeadlineTickCount - Environment.TickCount64);
            source = Interlocked.CompareExchange(ref deadlineSource, made, null) ?? made;
            if (!ReferenceEquals(source, made))
            {
                deadlineSources.Return(made, reusable: true);
            }
        }

        return ReferenceEquals(source, Ended) ? base.CancellationToken : source.Token;
    }
}
