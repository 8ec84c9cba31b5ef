using System.Net;
using System.Net.Sockets;
using StreamJsonRpc;

namespace PlugRpc.Bench.Servers;

/// <summary>StreamJsonRpc's server: one JsonRpc per accepted TCP connection.</summary>
internal static class StreamJsonRpcServer
{
    public static async Task RunAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        using var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(endPoint);
        listener.Listen(512);
        while (!cancellationToken.IsCancellationRequested)
        {
            var socket = await listener.AcceptAsync(cancellationToken);
            socket.NoDelay = true;
            JsonRpc.Attach(new NetworkStream(socket, ownsSocket: true), new BenchService());
        }
    }
}
