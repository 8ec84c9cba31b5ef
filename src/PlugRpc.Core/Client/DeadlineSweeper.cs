using System.Collections.Concurrent;

namespace PlugRpc.Client;

/// <summary>
/// One timer for the whole process that fails the calls past their deadline on every open client connection, so
/// that a call costs no timer of its own and a client with many connections no timer per connection.
/// </summary>
internal static class DeadlineSweeper
{
    private const int PeriodMilliseconds = 5;
    private static readonly ConcurrentDictionary<ClientConnection, byte> Connections = new();
    private static readonly Timer Timer = new(static _ => Sweep(), null, PeriodMilliseconds, PeriodMilliseconds);

    public static void Watch(ClientConnection connection)
    {
        GC.KeepAlive(Timer);
        Connections.TryAdd(connection, 0);
    }

    public static void Forget(ClientConnection connection) => Connections.TryRemove(connection, out _);

    private static void Sweep()
    {
        foreach (var connection in Connections.Keys)
        {
            connection.FailExpired();
        }
    }
}
