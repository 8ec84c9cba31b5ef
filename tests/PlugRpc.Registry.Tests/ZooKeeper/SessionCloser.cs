using System.Net.Sockets;
using PlugRpc.Registry.ZooKeeper.Client;
using PlugRpc.Registry.ZooKeeper.Protocol;

namespace PlugRpc.Registry.Tests.ZooKeeper;

/// <summary>
/// Ends another client's session from outside, as ZooKeeper lets whoever holds a session's id and password: a
/// connect request resuming the session and a CloseSession, sent in one write. The server drops the owner's
/// connection on the resume; when the owner reconnects before the close is read, its resume drops ours instead,
/// so this tries again until the owner's session has ended (its reconnect answered "expired").
/// </summary>
internal static class SessionCloser
{
    public static async Task CloseAsync(string host, int port, ZooKeeperSession session)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!session.IsEnded)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"session 0x{session.Id:x} did not end");
            }

            await ResumeAndCloseAsync(host, port, session);
            await Task.WhenAny(session.Ended, Task.Delay(500));
        }
    }

    private static async Task ResumeAndCloseAsync(string host, int port, ZooKeeperSession session)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, bound.Token);
        var stream = client.GetStream();
        var close = Requests.CloseSession();
        Requests.SetXid(close, 1);
        byte[] both = [.. ConnectHandshake.Request(session.LastZxid, session.Timeout, session.Id, session.Password), .. close];
        await stream.WriteAsync(both, bound.Token);

        // The connect response, then the close's reply; the server closes the connection after either.
        var buffer = new byte[4096];
        try
        {
            while (await stream.ReadAsync(buffer, bound.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
        }
    }
}
