using System.Buffers;
using PlugRpc.Buffers;
using PlugRpc.Codecs;

namespace PlugRpc.Dispatch;

/// <summary>
/// One request on its way through the server: the call context plus what the last handler needs. A call that
/// no filter and no service method can see (no server filters, a method without a <see cref="CallContext"/>
/// parameter) is used again for the thread's next request once answered.
/// </summary>
internal sealed class ServerCall : CallContext
{
    [ThreadStatic]
    private static ServerCall? spare;

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
        spare = this;
    }
}
