using System.Net;
using System.Net.Sockets;
using StreamJsonRpc;

namespace PlugRpc.Bench.Servers;

/// <summary>StreamJsonRpc's server: one JsonRpc per accepted TCP connection.</summary>
internal static class StreamJsonRpcServer
{
    public static Task RunAsync(IPEndPoint endPoint, CancellationToken cancellationToken) =>
        AcceptLoop.RunAsync(endPoint, socket => JsonRpc.Attach(new NetworkStream(socket, ownsSocket: true), new BenchService()), cancellationToken);
}
