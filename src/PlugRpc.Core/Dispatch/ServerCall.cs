using System.Buffers;
using PlugRpc.Buffers;
using PlugRpc.Codecs;

namespace PlugRpc.Dispatch;

/// <summary>One request on its way through the server: the call context plus what the last handler needs.</summary>
internal sealed class ServerCall : CallContext
{
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

    public ServiceMethod Method { get; }

    public ICodec Codec { get; }

    public ReadOnlySequence<byte> Body { get; }

    /// <summary>The encoded response, written by the method's handler.</summary>
    public PooledBufferWriter ResponseBody { get; }
}
