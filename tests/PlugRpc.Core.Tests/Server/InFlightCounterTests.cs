using PlugRpc.Server;

namespace PlugRpc.Core.Tests.Server;

public sealed class InFlightCounterTests
{
    [Fact]
    public async Task Waiting_with_nothing_in_flight_is_done_at_once()
    {
        Assert.True(await new InFlightCounter().WaitForZeroAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_wait_ends_when_the_last_call_leaves_and_not_before()
    {
        var counter = new InFlightCounter();
        counter.Enter();
        counter.Enter();
        var waiting = counter.WaitForZeroAsync(TimeSpan.FromSeconds(5));

        counter.Exit();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        counter.Exit();

        Assert.True(await waiting);
    }

    [Fact]
    public async Task A_wait_that_outlasts_its_timeout_says_so()
    {
        var counter = new InFlightCounter();
        counter.Enter();

        Assert.False(await counter.WaitForZeroAsync(TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task A_wait_that_starts_while_the_last_call_leaves_never_misses_it()
    {
        for (var i = 0; i < 2_000; i++)
        {
            var counter = new InFlightCounter();
            counter.Enter();
            using var start = new Barrier(2);
            var leaving = Task.Run(() =>
            {
                start.SignalAndWait();
                counter.Exit();
            });
            var waiting = Task.Run(() =>
            {
                start.SignalAndWait();
                return counter.WaitForZeroAsync(TimeSpan.FromSeconds(5));
            });

            await leaving;
            Assert.True(await waiting, $"round {i}: the wait missed the last call leaving");
        }
    }
}
