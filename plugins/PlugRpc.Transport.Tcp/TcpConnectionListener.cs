using System.Net;
using System.Net.Sockets;

namespace PlugRpc.Transport.Tcp;

/// <summary>A bound, listening TCP socket.</summary>
internal sealed class TcpConnectionListener : ITransportListener
{
    private readonly Socket socket;
    private readonly TcpTransportOptions options;
    private readonly CancellationTokenSource disposed = new();

    public TcpConnectionListener(Socket socket, TcpTransportOptions options, string host)
    {
        this.socket = socket;
        this.options = options;
        var bound = (IPEndPoint)socket.LocalEndPoint!;
        LocalAddress = new RpcAddress("tcp", $"{(host.Contains(':') ? $"[{host}]" : host)}:{bound.Port}");
    }

    public RpcAddress LocalAddress { get; }

    public async ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, disposed.Token);
        try
        {
            var accepted = await socket.AcceptAsync(linked.Token).ConfigureAwait(false);
            options.Apply(accepted);
            return new TcpConnection(accepted);
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
        }

        return ValueTask.CompletedTask;
    }
}
