namespace PlugRpc.Transport;

/// <summary>Opens byte streams to and from peers for one address scheme.</summary>
public interface ITransport
{
    /// <summary>The address scheme this transport serves, e.g. "tcp".</summary>
    string Scheme { get; }

    /// <summary>What is wrong with <paramref name="address"/> for this transport, or null: checked when a client or server is made, so a bad address is a mistake in the configuration, not a failed call.</summary>
    string? CheckAddress(RpcAddress address) => null;

    ValueTask<ITransportConnection> ConnectAsync(RpcAddress address, CancellationToken cancellationToken);

    ValueTask<ITransportListener> ListenAsync(RpcAddress address, CancellationToken cancellationToken);
}
