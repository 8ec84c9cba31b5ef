using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace PlugRpc.Client;

/// <summary>
/// The open connection for each server address called lately, found by the address string's identity: the
/// instance list hands out the same strings until it changes, so a call neither hashes nor compares the text (the
/// pool's lookup by <see cref="Transport.RpcAddress"/> does both). Two addresses that share a slot take turns, each
/// then looked up in the pool. A closed connection is never handed out: its entry is dropped when found, or when
/// its instance leaves the view, so that nothing here keeps a closed connection alive.
/// </summary>
internal sealed class ReadyConnectionCache
{
    private const int Slots = 16;
    private readonly Entry?[] entries = new Entry?[Slots];

    public bool TryGet(string address, [NotNullWhen(true)] out ClientConnection? connection)
    {
        ref var slot = ref entries[Slot(address)];
        var entry = Volatile.Read(ref slot);
        if (entry is not null && ReferenceEquals(entry.Address, address))
        {
            if (!entry.Connection.IsClosed)
            {
                connection = entry.Connection;
                return true;
            }

            Interlocked.CompareExchange(ref slot, null, entry);
        }

        connection = null;
        return false;
    }

    /// <summary>Drops the entry of <paramref name="address"/> (the instance's own string), if it holds one.</summary>
    public void Forget(string address)
    {
        ref var slot = ref entries[Slot(address)];
        if (Volatile.Read(ref slot) is { } entry && ReferenceEquals(entry.Address, address))
        {
            Interlocked.CompareExchange(ref slot, null, entry);
        }
    }

    public void Remember(string address, ClientConnection connection) =>
        Volatile.Write(ref entries[Slot(address)], new Entry(address, connection));

    private static int Slot(string address) => RuntimeHelpers.GetHashCode(address) & (Slots - 1);

    private sealed record Entry(string Address, ClientConnection Connection);
}
