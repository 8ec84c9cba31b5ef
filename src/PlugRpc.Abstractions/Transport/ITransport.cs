namespace PlugRpc.Transport;

/// <summary>Opens byte streams to and from peers for one address scheme.</summary>
public interface ITransport
{
    /// <summary>The address scheme this transport serves, e.g. "tcp".</summary>
    string Scheme { get; }

    ValueTask<ITransportConnection> ConnectAsync(RpcAddress address, CancellationToken cancellationToken);

    ValueTask<ITransportListener> ListenAsync(RpcAddress address, CancellationToken cancellationToken);
}
