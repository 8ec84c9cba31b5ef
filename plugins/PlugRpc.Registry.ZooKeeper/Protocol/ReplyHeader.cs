namespace PlugRpc.Registry.ZooKeeper.Protocol;

/// <summary>What starts every frame the server sends after the handshake: the xid it answers, the zxid, an error code.</summary>
internal readonly record struct ReplyHeader(int Xid, long Zxid, int Error)
{
    public static ReplyHeader Read(ref JuteReader reader) => new(reader.ReadInt(), reader.ReadLong(), reader.ReadInt());
}
