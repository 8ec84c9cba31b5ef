using System.Globalization;
using System.Text;

namespace PlugRpc.Registry.ZooKeeper;

/// <summary>
/// The app key node's data, rewritten on every registration and removal: the time of the change as Unix time in
/// nanoseconds, decimal text (go-rpc's clients watch it for changes).
/// </summary>
internal static class UpdateStamp
{
    public static byte[] Now() =>
        Encoding.ASCII.GetBytes(((DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100).ToString(CultureInfo.InvariantCulture));
}
