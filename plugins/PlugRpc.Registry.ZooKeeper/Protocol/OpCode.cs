namespace PlugRpc.Registry.ZooKeeper.Protocol;

/// <summary>The request types this client sends (ZooKeeper's ZooDefs.OpCode values).</summary>
internal static class OpCode
{
    public const int Create = 1;
    public const int Delete = 2;
    public const int Exists = 3;
    public const int GetData = 4;
    public const int SetData = 5;
    public const int GetChildren = 8;
    public const int Ping = 11;
    public const int CloseSession = -11;
}

/// <summary>The xids ZooKeeper treats as special: a watch notification from the server, and a ping.</summary>
internal static class SpecialXid
{
    public const int Notification = -1;
    public const int Ping = -2;
}
