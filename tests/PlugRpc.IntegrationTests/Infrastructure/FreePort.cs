using System.Net;
using System.Net.Sockets;

namespace PlugRpc.IntegrationTests.Infrastructure;

internal static class FreePort
{
    /// <summary>A loopback port free right now (for child processes that must be told their port).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
