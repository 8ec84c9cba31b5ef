using PlugRpc.Discovery;

namespace PlugRpc.Client;

/// <summary>Direct addressing: the servers named in the client's options.</summary>
internal sealed class StaticInstanceSource(IEnumerable<string> addresses) : IInstanceSource
{
    public IReadOnlyList<ServiceInstance> Current { get; } = addresses.Select(a => new ServiceInstance(a)).ToArray();
}
