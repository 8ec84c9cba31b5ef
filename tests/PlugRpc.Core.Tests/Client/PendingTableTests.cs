using PlugRpc.Client;

namespace PlugRpc.Core.Tests.Client;

public sealed class PendingTableTests
{
    [Fact]
    public void A_call_is_taken_out_once_by_its_own_seq()
    {
        var table = new PendingTable();
        var call = Call(7);
        table.Add(call);

        Assert.False(table.TryRemove(7 + PendingTable.Slots, out _));
        Assert.True(table.TryRemove(7, out var taken));
        Assert.Same(call, taken);
        Assert.False(table.TryRemove(7, out _));
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void A_call_whose_slot_is_still_held_goes_to_overflow_and_both_are_found()
    {
        var table = new PendingTable();
        var old = Call(3);
        var newer = Call(3 + PendingTable.Slots);
        table.Add(old);
        table.Add(newer);

        Assert.Equal(2, table.Count);
        Assert.Equal([old, newer], table.Snapshot().OrderBy(c => c.Seq));
        Assert.True(table.TryRemove(newer.Seq, out var second));
        Assert.Same(newer, second);
        Assert.True(table.TryRemove(old.Seq, out var first));
        Assert.Same(old, first);
        Assert.Empty(table.Snapshot());
    }

    [Fact]
    public async Task Concurrent_adds_and_removes_lose_nothing()
    {
        var table = new PendingTable();
        const int PerWorker = 20_000;
        var removed = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < PerWorker; i++)
            {
                var seq = (ulong)((worker * PerWorker) + i + 1);
                table.Add(Call(seq));
                if (table.TryRemove(seq, out var call) && call.Seq == seq)
                {
                    Interlocked.Increment(ref removed);
                }
            }
        })));

        Assert.Equal(4 * PerWorker, removed);
        Assert.Equal(0, table.Count);
    }

    private static CallAttempt Call(ulong seq) => new(new HeartbeatCall()) { Seq = seq };
}
