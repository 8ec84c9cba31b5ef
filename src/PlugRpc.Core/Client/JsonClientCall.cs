using System.Buffers;
using PlugRpc.Codecs;

namespace PlugRpc.Client;

/// <summary>A call whose request and response are JSON text, converted by the codec's <see cref="IJsonTranscoder"/>.</summary>
internal sealed class JsonClientCall : OutgoingCall, IJsonResultCall
{
    private readonly string requestJson;

    public JsonClientCall(string serviceName, string methodName, string requestJson, Metadata? metadata, CallOptions options, CancellationToken cancellationToken)
        : base(serviceName, methodName, metadata, options, cancellationToken)
    {
        this.requestJson = requestJson;
    }

    public string? ResponseJson { get; private set; }

    public override object? RequestObject => requestJson;

    public override object? ResponseObject => ResponseJson;

    public override void WriteRequest(ICodec codec, IBufferWriter<byte> output) => TranscoderOf(codec).WriteFromJson(requestJson, output);

    public override void ReadResponse(ICodec codec, in ReadOnlySequence<byte> body) => ResponseJson = TranscoderOf(codec).ReadAsJson(body);

    private static IJsonTranscoder TranscoderOf(ICodec codec) =>
        codec as IJsonTranscoder
            ?? throw new RpcException(RpcStatusCode.FailedPrecondition, $"the {codec.Name} codec cannot convert JSON; pick a codec that can");
}
