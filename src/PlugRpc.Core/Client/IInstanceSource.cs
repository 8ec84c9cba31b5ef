using PlugRpc.Discovery;

namespace PlugRpc.Client;

/// <summary>Where a client's instances come from: its own list of addresses, or a registry's cached view.</summary>
internal interface IInstanceSource
{
    /// <summary>The view now: the same object until the list changes.</summary>
    InstanceView Current { get; }
}
