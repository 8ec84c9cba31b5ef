namespace PlugRpc.Registry.ZooKeeper.Protocol;

/// <summary>How a created node lives: until deleted, or until the session that created it ends (ZooKeeper's create flags).</summary>
internal enum CreateMode
{
    Persistent = 0,
    Ephemeral = 1,
}
