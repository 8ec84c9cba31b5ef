using System.Net.Sockets;

namespace PlugRpc.Transport;

/// <summary>
/// A bound, listening stream socket as a transport listener: accepts until disposed, then ends every pending
/// accept with <see cref="OperationCanceledException"/> and runs the transport's own clean-up (e.g. removing a
/// socket file).
/// </summary>
public sealed class SocketListener : ITransportListener
{
    private readonly Socket socket;
    private readonly Func<Socket, ITransportConnection> accept;
    private readonly Action? onDisposed;
    private readonly CancellationTokenSource disposed = new();

    /// <param name="accept">Turns an accepted socket into a connection (set its options, name the peer).</param>
    public SocketListener(Socket socket, RpcAddress localAddress, Func<Socket, ITransportConnection> accept, Action? onDisposed = null)
    {
        this.socket = socket;
        this.accept = accept;
        this.onDisposed = onDisposed;
        LocalAddress = localAddress;
    }

    public RpcAddress LocalAddress { get; }

    public async ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, disposed.Token);
        try
        {
            return accept(await socket.AcceptAsync(linked.Token).ConfigureAwait(false));
        }
        catch (Exception ex) when (disposed.IsCancellationRequested && ex is SocketException or ObjectDisposedException)
        {
            throw new OperationCanceledException("the listener was closed", ex, linked.Token);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!disposed.IsCancellationRequested)
        {
            disposed.Cancel();
            socket.Dispose();
            onDisposed?.Invoke();
        }

        return ValueTask.CompletedTask;
    }
}
