using System.Collections.Concurrent;

namespace PlugRpc.Client;

/// <summary>
/// The calls waiting for an answer on one connection, by sequence number. Sequence numbers are handed out in
/// order, so a call lives in the slot its number picks in a fixed ring: adding and taking out are one
/// compare-and-swap each, with no lock and no allocation. A slot still held by a call that has been waiting for
/// <see cref="Slots"/> sequence numbers sends the newcomer to an overflow dictionary instead.
/// </summary>
internal sealed class PendingTable
{
    public const int Slots = 256;
    private const int Mask = Slots - 1;
    private readonly CallAttempt?[] ring = new CallAttempt?[Slots];
    private readonly ConcurrentDictionary<ulong, CallAttempt> overflow = new();
    private int count;

    public int Count => Volatile.Read(ref count);

    /// <summary>Adds a call whose <see cref="CallAttempt.Seq"/> is set and not yet in the table.</summary>
    public void Add(CallAttempt call)
    {
        Interlocked.Increment(ref count);
        if (Interlocked.CompareExchange(ref ring[(int)(call.Seq & Mask)], call, null) is not null)
        {
            overflow[call.Seq] = call;
        }
    }

    /// <summary>Takes the call with <paramref name="seq"/> out; only one taker ever gets it.</summary>
    public bool TryRemove(ulong seq, out CallAttempt call)
    {
        ref var slot = ref ring[(int)(seq & Mask)];
        var current = Volatile.Read(ref slot);
        if (current is not null && current.Seq == seq && Interlocked.CompareExchange(ref slot, null, current) == current)
        {
            call = current;
            Interlocked.Decrement(ref count);
            return true;
        }

        if (!overflow.IsEmpty && overflow.TryRemove(seq, out call!))
        {
            Interlocked.Decrement(ref count);
            return true;
        }

        call = null!;
        return false;
    }

    /// <summary>Takes <paramref name="call"/> out if it is waiting here, under the sequence number it has now.</summary>
    public bool TryRemove(CallAttempt call)
    {
        if (Interlocked.CompareExchange(ref ring[(int)(call.Seq & Mask)], null, call) == call ||
            (!overflow.IsEmpty && overflow.TryRemove(new KeyValuePair<ulong, CallAttempt>(call.Seq, call))))
        {
            Interlocked.Decrement(ref count);
            return true;
        }

        return false;
    }

    /// <summary>The calls waiting now (a snapshot: calls may come and go meanwhile).</summary>
    public List<CallAttempt> Snapshot()
    {
        var calls = new List<CallAttempt>();
        if (Count == 0)
        {
            return calls;
        }

        foreach (var call in ring)
        {
            if (call is not null)
            {
                calls.Add(call);
            }
        }

        calls.AddRange(overflow.Values);
        return calls;
    }
}
