namespace PlugRpc.Protocol;

/// <summary>
/// The numbers a frame's SerializeType field uses. 0 and 1 are go-rpc's; the others are PlugRpc's own.
/// </summary>
public static class SerializeTypes
{
    public const byte Json = 0;
    public const byte MessagePack = 1;
    public const byte Other = 2;
    public const byte Protobuf = 3;
}
