using PlugRpc.Discovery;

namespace PlugRpc.Client;

/// <summary>Where a client's instances come from: its own list of addresses, or a registry's cached view.</summary>
internal interface IInstanceSource
{
    /// <summary>The view now: the same object until the list changes.</summary>
    InstanceView Current { get; }

    /// <summary>Completes once there is a first view to pick from (at once for a fixed list); calls wait for it within their deadline.</summary>
    Task Listed { get; }

    /// <summary>Where the instances come from and whether that is in order now.</summary>
    DiscoveryStatus Status { get; }

    /// <summary>Why <see cref="Current"/> is empty, for the caller's error: e.g. none registered under the app key, or the registry unreachable.</summary>
    string NoInstancesReason { get; }
}
