namespace PlugRpc.Transport;

/// <summary>A bound listening endpoint. Disposing it stops accepting and releases the address.</summary>
public interface ITransportListener : IAsyncDisposable
{
    /// <summary>The address actually bound (a port 0 request reports the chosen port).</summary>
    RpcAddress LocalAddress { get; }

    /// <summary>Waits for the next peer. Throws <see cref="OperationCanceledException"/> once cancelled or disposed.</summary>
    ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken);
}
