using System.Net;
using System.Net.Sockets;

namespace PlugRpc.IntegrationSupport;

internal static class Ports
{
    /// <summary>A loopback port with nothing listening on it right now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
