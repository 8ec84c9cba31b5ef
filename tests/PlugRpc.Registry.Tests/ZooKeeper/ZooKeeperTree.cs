using System.Text;
using PlugRpc.Registry.ZooKeeper;
using PlugRpc.Registry.ZooKeeper.Client;
using PlugRpc.Registry.ZooKeeper.Protocol;

namespace PlugRpc.Registry.Tests.ZooKeeper;

/// <summary>Direct access to a test's tree through a registry's own session: what go-rpc would read and write there.</summary>
internal static class ZooKeeperTree
{
    public static Task<ZooKeeperSession> SessionAsync(ZooKeeperRegistry registry) => registry.Client.SessionAsync(CancellationToken.None);

    /// <summary>Creates <paramref name="path"/> and its missing parents, persistent, as go-rpc servers write their nodes.</summary>
    public static async Task CreatePersistentAsync(ZooKeeperSession session, string path, string data)
    {
        for (var slash = path.IndexOf('/', 1); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            await IgnoreExists(session.CreateAsync(path[..slash], default, CreateMode.Persistent, CancellationToken.None));
        }

        await session.CreateAsync(path, Encoding.UTF8.GetBytes(data), CreateMode.Persistent, CancellationToken.None);
    }

    public static async Task<string> ReadAsync(ZooKeeperSession session, string path) =>
        Encoding.UTF8.GetString((await session.GetDataAsync(path, watch: false, CancellationToken.None)).Data);

    public static Task WriteAsync(ZooKeeperSession session, string path, string data) =>
        session.SetDataAsync(path, Encoding.UTF8.GetBytes(data), -1, CancellationToken.None);

    /// <summary>The stamp as go-rpc servers write it: Unix time in nanoseconds.</summary>
    public static string NanosecondsNow() => ((DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task IgnoreExists(Task create)
    {
        try
        {
            await create;
        }
        catch (ZooKeeperException ex) when (ex.Code == ZooKeeperErrorCode.NodeExists)
        {
        }
    }
}
