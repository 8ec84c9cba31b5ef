using PlugRpc.Transport;

namespace PlugRpc.Components;

/// <summary>The transports loaded, by address scheme.</summary>
internal sealed class TransportSet(IEnumerable<Owned<ITransport>> transports)
{
    private readonly NamedSet<ITransport> transports = new("transport", transports, t => t.Scheme);

    /// <summary>Refuses, as a mistake in the configuration, an address no loaded transport serves or its transport calls wrong.</summary>
    /// <exception cref="RpcException">FailedPrecondition: the address cannot work.</exception>
    public void Check(string text)
    {
        if (RpcAddress.TryParse(text, out var address, out _) && For(address).CheckAddress(address) is { } problem)
        {
            throw new RpcException(RpcStatusCode.FailedPrecondition, problem);
        }
    }

    /// <exception cref="RpcException">No loaded transport serves the address's scheme.</exception>
    public ITransport For(RpcAddress address) =>
        transports.TryGet(address.Scheme, out var transport)
            ? transport!
            : throw new RpcException(
                RpcStatusCode.FailedPrecondition,
                $"no transport for '{address.Scheme}://' addresses is loaded (loaded: {transports.Available}); add its plugin to plugins.json");
}
