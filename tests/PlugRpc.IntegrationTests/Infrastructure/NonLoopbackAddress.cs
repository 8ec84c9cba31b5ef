using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>
/// An IPv4 address of this machine that is not loopback (e.g. eth0's): a server bound there and called there sees a
/// caller that is not on loopback, as a caller from another machine would be.
/// </summary>
internal static class NonLoopbackAddress
{
    public static IPAddress? Find() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}

/// <summary>A test that needs a non-loopback address of this machine: skipped (with the reason) on a machine with none.</summary>
public sealed class NonLoopbackFactAttribute : FactAttribute
{
    public NonLoopbackFactAttribute()
    {
        Skip = NonLoopbackAddress.Find() is null ? "this machine has no non-loopback IPv4 address to call the gateway on" : null;
    }
}
