using PlugRpc.Discovery;

namespace PlugRpc.Client;

/// <summary>Where a client's candidate servers come from: a fixed list, or a registry's cached view.</summary>
internal interface IInstanceSource
{
    IReadOnlyList<ServiceInstance> Current { get; }
}
