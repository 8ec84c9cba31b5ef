using System.Net;
using System.Net.Sockets;

namespace PlugRpc.Bench.Servers;

/// <summary>The plain TCP accept loop the floor and StreamJsonRpc servers share.</summary>
internal static class AcceptLoop
{
    public static async Task RunAsync(IPEndPoint endPoint, Action<Socket> serve, CancellationToken cancellationToken)
    {
        using var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(endPoint);
        listener.Listen(512);
        while (!cancellationToken.IsCancellationRequested)
        {
            var socket = await listener.AcceptAsync(cancellationToken);
            socket.NoDelay = true;
            serve(socket);
        }
    }
}
