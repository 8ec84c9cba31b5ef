using System.Buffers.Binary;

namespace PlugRpc.Registry.ZooKeeper.Protocol;

/// <summary>
/// The request frames this client sends, each a RequestHeader (xid, op code) and the op's record. The xid is
/// written as 0 and set with <see cref="SetXid"/> when the frame is queued, so xids follow the sending order.
/// </summary>
internal static class Requests
{
    /// <summary>ZooDefs.Perms.ALL: read, write, create, delete, admin.</summary>
    private const int AllPermissions = 31;

    public static byte[] Create(string path, ReadOnlySpan<byte> data, CreateMode mode) =>
        Header(OpCode.Create)
            .WriteString(path)
            .WriteBuffer(data)
            .WriteInt(1) // one ACL: world:anyone may do everything (ZooDefs.Ids.OPEN_ACL_UNSAFE)
            .WriteInt(AllPermissions)
            .WriteString("world")
            .WriteString("anyone")
            .WriteInt((int)mode)
            .ToFrame();

    public static byte[] Delete(string path, int version) =>
        Header(OpCode.Delete).WriteString(path).WriteInt(version).ToFrame();

    public static byte[] Exists(string path, bool watch) =>
        Header(OpCode.Exists).WriteString(path).WriteBool(watch).ToFrame();

    public static byte[] GetData(string path, bool watch) =>
        Header(OpCode.GetData).WriteString(path).WriteBool(watch).ToFrame();

    public static byte[] SetData(string path, ReadOnlySpan<byte> data, int version) =>
        Header(OpCode.SetData).WriteString(path).WriteBuffer(data).WriteInt(version).ToFrame();

    public static byte[] GetChildren(string path, bool watch) =>
        Header(OpCode.GetChildren).WriteString(path).WriteBool(watch).ToFrame();

    public static byte[] CloseSession() => Header(OpCode.CloseSession).ToFrame();

    public static byte[] Ping() => new JuteWriter().WriteInt(SpecialXid.Ping).WriteInt(OpCode.Ping).ToFrame();

    public static void SetXid(byte[] frame, int xid) => BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), xid);

    private static JuteWriter Header(int opCode) => new JuteWriter().WriteInt(0).WriteInt(opCode);
}
