using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace PlugRpc.Client;

/// <summary>
/// The open connection for each server address called lately, found by the address string's identity: the
/// instance list hands out the same strings until it changes, so a call neither hashes nor compares the text (the
/// pool's lookup by <see cref="Transport.RpcAddress"/> does both). Two addresses that share a slot take turns, each
/// then looked up in the pool; a closed connection is never handed out.
/// </summary>
internal sealed class ReadyConnectionCache
{
    private const int Slots = 16;
    private readonly Entry?[] entries = new Entry?[Slots];

    public bool TryGet(string address, [NotNullWhen(true)] out ClientConnection? connection)
    {
        var entry = Volatile.Read(ref entries[Slot(address)]);
        if (entry is not null && ReferenceEquals(entry.Address, address) && !entry.Connection.IsClosed)
        {
            connection = entry.Connection;
            return true;
        }

        connection = null;
        return false;
    }

    public void Remember(string address, ClientConnection connection) =>
        Volatile.Write(ref entries[Slot(address)], new Entry(address, connection));

    private static int Slot(string address) => RuntimeHelpers.GetHashCode(address) & (Slots - 1);

    private sealed record Entry(string Address, ClientConnection Connection);
}
