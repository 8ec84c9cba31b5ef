using System.Net.Sockets;

namespace PlugRpc.Transport.Uds;

/// <summary>
/// Unix domain sockets: <c>unix:///path/to.sock</c>. Listening removes a stale socket file (one nobody answers on)
/// first, and removes its own file when it stops.
/// </summary>
public sealed class UdsTransport(UdsTransportOptions? options = null) : ITransport
{
    private readonly UdsTransportOptions options = options ?? new UdsTransportOptions();

    public string Scheme => "unix";

    public ValueTask<ITransportConnection> ConnectAsync(RpcAddress address, CancellationToken cancellationToken)
    {
        var endPoint = new UnixDomainSocketEndPoint(PathOf(address));
        return SocketConnector.ConnectAsync(
            new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified),
            address,
            (s, ct) => s.ConnectAsync(endPoint, ct),
            _ => address.ToString(),
            cancellationToken);
    }

    public async ValueTask<ITransportListener> ListenAsync(RpcAddress address, CancellationToken cancellationToken)
    {
        var path = PathOf(address);
        if (File.Exists(path))
        {
            await RemoveIfStaleAsync(address, path, cancellationToken).ConfigureAwait(false);
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            socket.Listen(options.Backlog);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new RpcException(RpcStatusCode.Unavailable, $"cannot listen on {address}: {ex.Message}", ex);
        }

        var peer = 0;
        return new SocketListener(
            socket,
            address,
            accepted => new SocketConnection(accepted, $"{address}#{Interlocked.Increment(ref peer)}"),
            () => File.Delete(path));
    }

    private static string PathOf(RpcAddress address) =>
        address.Target.Length > 0 ? address.Target : throw new RpcException(RpcStatusCode.InvalidArgument, $"'{address}' names no socket path");

    private async Task RemoveIfStaleAsync(RpcAddress address, string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var probe = await ConnectAsync(address, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            File.Delete(path);
            return;
        }

        throw new RpcException(RpcStatusCode.Unavailable, $"cannot listen on {address}: another server is listening there");
    }
}
