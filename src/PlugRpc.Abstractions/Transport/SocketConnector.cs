using System.Net.Sockets;

namespace PlugRpc.Transport;

/// <summary>Connects a new stream socket for a transport, turning failures into the caller-facing error.</summary>
public static class SocketConnector
{
    /// <param name="connect">Connects <paramref name="socket"/> (by endpoint, or host name and port).</param>
    /// <exception cref="RpcException">Unavailable: the peer refused or cannot be reached; the message names the address.</exception>
    public static async ValueTask<ITransportConnection> ConnectAsync(
        Socket socket,
        RpcAddress address,
        Func<Socket, CancellationToken, ValueTask> connect,
        Func<Socket, string> describePeer,
        CancellationToken cancellationToken)
    {
        try
        {
            await connect(socket, cancellationToken).ConfigureAwait(false);
            return new SocketConnection(socket, describePeer(socket));
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new RpcException(RpcStatusCode.Unavailable, $"cannot connect to {address}: {ex.Message}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
