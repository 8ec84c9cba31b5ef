using PlugRpc.Registry.ZooKeeper.Protocol;

namespace PlugRpc.Registry.ZooKeeper.Client;

/// <summary>A node's data and stat as read, and the watch the read armed (null when none was asked for).</summary>
internal sealed record NodeData(byte[] Data, NodeStat Stat, Task<WatchEvent>? Watch);

/// <summary>A node's children's names as read, and the watch the read armed.</summary>
internal sealed record NodeChildren(IReadOnlyList<string> Names, Task<WatchEvent>? Watch);

/// <summary>Whether a node exists (its stat, or null), and the watch the check armed (it fires on creation too).</summary>
internal sealed record NodeExistence(NodeStat? Stat, Task<WatchEvent>? Watch);
