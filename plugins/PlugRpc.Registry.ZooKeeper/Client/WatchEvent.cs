namespace PlugRpc.Registry.ZooKeeper.Client;

/// <summary>Why a watch fired: a change the server reported on its path, or the connection or session ending (then every watch fires).</summary>
internal enum WatchEventType
{
    NodeCreated = 1,
    NodeDeleted = 2,
    NodeDataChanged = 3,
    NodeChildrenChanged = 4,

    /// <summary>The connection was lost; the server forgot the watch. Read again (after the reconnect) to watch again.</summary>
    ConnectionLost = 100,

    /// <summary>The session expired; its watches and ephemeral nodes are gone.</summary>
    SessionExpired = 101,

    /// <summary>The session was closed by this client.</summary>
    SessionClosed = 102,
}

/// <summary>A watch firing: why, and the path it watched (null when the whole session's watches fired).</summary>
internal sealed record WatchEvent(WatchEventType Type, string? Path);
