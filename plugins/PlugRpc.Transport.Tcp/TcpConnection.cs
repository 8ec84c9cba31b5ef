using System.Net.Sockets;

namespace PlugRpc.Transport.Tcp;

/// <summary>An open TCP socket as a stream that owns it.</summary>
internal sealed class TcpConnection : ITransportConnection
{
    private readonly Socket socket;
    private readonly NetworkStream stream;

    public TcpConnection(Socket socket)
    {
        this.socket = socket;
        stream = new NetworkStream(socket, ownsSocket: true);
        RemoteEndPoint = socket.RemoteEndPoint?.ToString() ?? "unknown";
    }

    public Stream Stream => stream;

    public string RemoteEndPoint { get; }

    public ValueTask DisposeAsync()
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        return stream.DisposeAsync();
    }
}
