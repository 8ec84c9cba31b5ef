using PlugRpc.Server;

namespace PlugRpc.Core.Tests.Server;

public sealed class CallSlotsTests
{
    [Fact]
    public void Slots_run_out_at_the_capacity_and_come_back_when_returned()
    {
        var slots = new CallSlots(2);

        Assert.True(slots.TryTake());
        Assert.True(slots.TryTake());
        Assert.False(slots.TryTake());
        slots.Return();
        Assert.True(slots.TryTake());
    }

    [Fact]
    public async Task A_reader_waiting_for_a_slot_goes_on_when_one_is_returned()
    {
        var slots = new CallSlots(1);
        Assert.True(slots.TryTake());
        var waiting = slots.TakeAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        slots.Return();

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_reader_that_starts_waiting_while_the_last_slot_comes_back_never_misses_it()
    {
        for (var i = 0; i < 2_000; i++)
        {
            var slots = new CallSlots(1);
            Assert.True(slots.TryTake());
            using var start = new Barrier(2);
            var returning = Task.Run(() =>
            {
                start.SignalAndWait();
                slots.Return();
            });
            var waiting = Task.Run(async () =>
            {
                start.SignalAndWait();
                await slots.TakeAsync(CancellationToken.None);
            });

            await returning;
            await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        }
    }
}
