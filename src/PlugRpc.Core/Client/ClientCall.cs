using System.Buffers;
using PlugRpc.Codecs;

namespace PlugRpc.Client;

/// <summary>A call with typed request and response, so that encoding and decoding need no boxing or reflection.</summary>
internal sealed class ClientCall<TRequest, TResponse> : ClientCallContext
{
    private readonly TRequest request;

    public ClientCall(string serviceName, string methodName, TRequest request, Metadata? metadata, CallOptions options, CancellationToken cancellationToken)
        : base(serviceName, methodName, metadata, options, cancellationToken)
    {
        this.request = request;
    }

    public TResponse? Response { get; private set; }

    public override object? RequestObject => request;

    public override object? ResponseObject => Response;

    public override void WriteRequest(ICodec codec, IBufferWriter<byte> output) => codec.Serialize(output, request);

    public override void ReadResponse(ICodec codec, in ReadOnlySequence<byte> body) => Response = codec.Deserialize<TResponse>(body);
}
