using PlugRpc.Transport;

namespace PlugRpc.Components;

/// <summary>The transports loaded, by address scheme.</summary>
internal sealed class TransportSet(IEnumerable<ITransport> transports)
{
    private readonly NamedSet<ITransport> transports = new("transport", transports, t => t.Scheme);

    /// <exception cref="RpcException">No loaded transport serves the address's scheme.</exception>
    public ITransport For(RpcAddress address) =>
        transports.TryGet(address.Scheme, out var transport)
            ? transport!
            : throw new RpcException(
                RpcStatusCode.FailedPrecondition,
                $"no transport for '{address.Scheme}://' addresses is loaded (loaded: {transports.Available}); add its plugin to plugins.json");
}
