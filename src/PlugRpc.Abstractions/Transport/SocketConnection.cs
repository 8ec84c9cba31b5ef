using System.Net.Sockets;

namespace PlugRpc.Transport;

/// <summary>An open stream socket (TCP, Unix domain …) as a transport connection that owns it.</summary>
public sealed class SocketConnection : IGatheringConnection
{
    private readonly Socket socket;
    private readonly NetworkStream stream;

    public SocketConnection(Socket socket, string remoteEndPoint)
    {
        this.socket = socket;
        stream = new NetworkStream(socket, ownsSocket: true);
        RemoteEndPoint = remoteEndPoint;
    }

    public Stream Stream => stream;

    public string RemoteEndPoint { get; }

    /// <summary>One sendmsg for all the buffers (the socket goes on until every byte is sent).</summary>
    public ValueTask WriteAsync(IList<ArraySegment<byte>> buffers) => new(socket.SendAsync(buffers, SocketFlags.None));

    public ValueTask DisposeAsync()
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        return stream.DisposeAsync();
    }
}
