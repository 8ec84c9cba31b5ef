using System.Buffers;
using PlugRpc.Codecs;
using PlugRpc.Protocol;
using ProtoBuf;

namespace PlugRpc.Codec.Protobuf;

/// <summary>
/// Protocol Buffers bodies with protobuf-net: [ProtoContract] types as declared, plain classes by the rule in
/// <see cref="PlainTypeModel"/>. PlugRpc's own SerializeType 3 (go-rpc has no protobuf mode).
/// </summary>
public sealed class ProtobufCodec : ICodec
{
    private readonly PlainTypeModel types = new();

    public string Name => "protobuf";

    public byte SerializeType => SerializeTypes.Protobuf;

    public void Serialize<T>(IBufferWriter<byte> output, T value)
    {
        types.Prepare(typeof(T));
        types.Model.Serialize(output, value);
    }

    public T Deserialize<T>(in ReadOnlySequence<byte> body)
    {
        types.Prepare(typeof(T));
        try
        {
            // ArgumentException: a map that repeats a key (protobuf-net adds each entry to the dictionary).
            return types.Model.Deserialize<T>(body);
        }
        catch (Exception ex) when (ex is ProtoException or EndOfStreamException or InvalidOperationException or OverflowException or ArgumentException)
        {
            throw new RpcException(RpcStatusCode.InvalidArgument, $"cannot decode {typeof(T).Name} from protobuf: {ex.Message}", ex);
        }
    }
}
