using System.Net.Sockets;
using PlugRpc.Registry.ZooKeeper.Client;
using PlugRpc.Registry.ZooKeeper.Protocol;

namespace PlugRpc.Registry.Tests.ZooKeeper;

/// <summary>
/// Ends another client's session from outside, as ZooKeeper lets whoever holds a session's id and password: a
/// connect request resuming the session and a CloseSession sent in one write, so the owner (whose connection the
/// server drops on the resume) cannot reconnect in between. The owner's next reconnect is answered "expired".
/// </summary>
internal static class SessionCloser
{
    public static async Task CloseAsync(string host, int port, ZooKeeperSession session)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, bound.Token);
        var stream = client.GetStream();
        var close = Requests.CloseSession();
        Requests.SetXid(close, 1);
        byte[] both = [.. ConnectHandshake.Request(session.LastZxid, session.Timeout, session.Id, session.Password), .. close];
        await stream.WriteAsync(both, bound.Token);

        // The connect response, then the close's reply (or the server closing the connection).
        var buffer = new byte[4096];
        while (await stream.ReadAsync(buffer, bound.Token) > 0)
        {
        }
    }
}
