using PlugRpc.Client;

namespace PlugRpc.Core.Tests.Governance;

public sealed class RetryBudgetTests
{
    [Fact]
    public void Retries_are_capped_at_the_fraction_of_calls_or_the_minimum()
    {
        var budget = new RetryBudget(ratio: 0.1, minimum: 2, window: TimeSpan.FromMinutes(1));
        for (var i = 0; i < 100; i++)
        {
            budget.RecordCall();
        }

        var granted = 0;
        for (var i = 0; i < 50; i++)
        {
            granted += budget.TryRetry() ? 1 : 0;
        }

        Assert.Equal(10, granted);
    }

    [Fact]
    public void The_minimum_holds_with_few_calls()
    {
        var budget = new RetryBudget(ratio: 0.1, minimum: 3, window: TimeSpan.FromMinutes(1));
        budget.RecordCall();

        Assert.True(budget.TryRetry());
        Assert.True(budget.TryRetry());
        Assert.True(budget.TryRetry());
        Assert.False(budget.TryRetry());
    }

    [Fact]
    public async Task Retries_spent_leave_the_window_as_it_slides()
    {
        var budget = new RetryBudget(ratio: 0, minimum: 1, window: TimeSpan.FromMilliseconds(200));
        Assert.True(budget.TryRetry());
        Assert.False(budget.TryRetry());

        await Task.Delay(400);

        Assert.True(budget.TryRetry());
    }
}
