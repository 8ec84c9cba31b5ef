namespace PlugRpc.Protocol;

/// <summary>
/// How a frame's header is encoded. go-rpc encodes it with the connection's serializer, so a go-rpc peer in JSON
/// mode sends and expects JSON headers; a PlugRpc server answers each frame in the format it arrived in.
/// </summary>
public enum HeaderFormat : byte
{
    MessagePack = 0,
    Json = 1,
}
