using System.Net;
using System.Net.Sockets;

namespace PlugRpc.Transport.Tcp;

/// <summary>Plain TCP: <c>tcp://host:port</c>.</summary>
public sealed class TcpTransport : ITransport
{
    private readonly TcpTransportOptions options;

    public TcpTransport(TcpTransportOptions? options = null)
    {
        this.options = options ?? new TcpTransportOptions();
    }

    public string Scheme => "tcp";

    public string? CheckAddress(RpcAddress address) => address.CheckHostAndPort();

    public ValueTask<ITransportConnection> ConnectAsync(RpcAddress address, CancellationToken cancellationToken)
    {
        var (host, port) = address.GetHostAndPort();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        options.Apply(socket);
        return SocketConnector.ConnectAsync(
            socket,
            address,
            (s, ct) => s.ConnectAsync(host, port, ct),
            s => s.RemoteEndPoint?.ToString() ?? address.Target,
            cancellationToken);
    }

    public async ValueTask<ITransportListener> ListenAsync(RpcAddress address, CancellationToken cancellationToken)
    {
        var (host, port) = address.GetHostAndPort();
        var ip = IPAddress.TryParse(host, out var parsed)
            ? parsed
            : (await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false)).FirstOrDefault()
                ?? throw new RpcException(RpcStatusCode.InvalidArgument, $"cannot listen on {address}: '{host}' resolves to no address");
        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(ip, port));
            socket.Listen(options.Backlog);
            var bound = (IPEndPoint)socket.LocalEndPoint!;
            var local = new RpcAddress(Scheme, $"{(host.Contains(':') ? $"[{host}]" : host)}:{bound.Port}");
            return new SocketListener(socket, local, accepted =>
            {
                options.Apply(accepted);
                return new SocketConnection(accepted, accepted.RemoteEndPoint?.ToString() ?? "unknown");
            });
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new RpcException(RpcStatusCode.Unavailable, $"cannot listen on {address}: {ex.Message}", ex);
        }
    }
}
