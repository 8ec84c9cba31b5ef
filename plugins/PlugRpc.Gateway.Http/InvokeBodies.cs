using System.Buffers;
using System.Text;
using Autofac;
using PlugRpc.Codecs;
using PlugRpc.Protocol;

namespace PlugRpc.Gateway.Http;

/// <summary>
/// Bodies of go-rpc's POST /invoke, in the encoding its rpc-header-serialize_type names: JSON as it is, others
/// (msgpack) converted to and from JSON by the loaded codec of that number.
/// </summary>
internal sealed class InvokeBodies
{
    private readonly Dictionary<byte, IJsonTranscoder> transcoders;

    public InvokeBodies(IComponentContext container)
    {
        transcoders = container.Resolve<IEnumerable<ICodec>>()
            .Where(c => c is IJsonTranscoder && c.SerializeType != SerializeTypes.Json)
            .GroupBy(c => c.SerializeType)
            .ToDictionary(g => g.Key, g => (IJsonTranscoder)g.First());
    }

    /// <exception cref="RpcException">InvalidArgument: no codec for the type, or a body it cannot read.</exception>
    public string ToJson(byte serializeType, byte[] body)
    {
        if (serializeType == SerializeTypes.Json)
        {
            return RequestJson.Check(body);
        }

        var transcoder = TranscoderFor(serializeType);
        try
        {
            return transcoder.ReadAsJson(new ReadOnlySequence<byte>(body));
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw new RpcException(RpcStatusCode.InvalidArgument, $"the body is not valid for {GoRpcHeaders.SerializeType} {serializeType}: {ex.Message}", ex);
        }
    }

    public byte[] FromJson(byte serializeType, string json)
    {
        if (serializeType == SerializeTypes.Json)
        {
            return Encoding.UTF8.GetBytes(json);
        }

        var output = new ArrayBufferWriter<byte>();
        TranscoderFor(serializeType).WriteFromJson(json, output);
        return output.WrittenSpan.ToArray();
    }

    private IJsonTranscoder TranscoderFor(byte serializeType) =>
        transcoders.TryGetValue(serializeType, out var transcoder)
            ? transcoder
            : throw new RpcException(
                RpcStatusCode.InvalidArgument,
                $"{GoRpcHeaders.SerializeType} {serializeType} is not one the gateway reads (it reads {string.Join(", ", transcoders.Keys.Prepend(SerializeTypes.Json).Order())})");
}
