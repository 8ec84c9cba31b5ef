using PlugRpc.Discovery;
using PlugRpc.Selectors;
using static PlugRpc.Plugins.Tests.Selectors.SelectorTestKit;

namespace PlugRpc.Plugins.Tests.Selectors;

public sealed class PowerOfTwoChoicesSelectorTests
{
    [Fact]
    public void Equal_instances_share_evenly()
    {
        var selector = new PowerOfTwoChoicesSelector();
        var instances = Instances(3);
        Announce(selector, instances);

        var tally = Tally(selector, instances, 30_000);

        Assert.All(instances, i => Near(10_000, tally[i], 0.1, i.Address));
    }

    [Fact]
    public void An_instance_with_many_calls_outstanding_is_steered_away_from()
    {
        var selector = new PowerOfTwoChoicesSelector();
        var instances = Instances(4);
        Announce(selector, instances);
        Hold(instances[0], 10);
        Hold(instances[1], 1);

        var tally = Tally(selector, instances, 20_000);

        Assert.Equal(0, tally[instances[0]]);
        Assert.InRange(tally[instances[1]], 1_000, 5_000);
        Assert.InRange(tally[instances[2]], 7_000, 10_000);
    }

    [Fact]
    public void A_slow_instance_is_steered_away_from()
    {
        var selector = new PowerOfTwoChoicesSelector();
        var instances = Instances(3);
        Announce(selector, instances);
        Answer(instances[0], TimeSpan.FromMilliseconds(200));
        Answer(instances[1], TimeSpan.FromMilliseconds(5));
        Answer(instances[2], TimeSpan.FromMilliseconds(5));

        var tally = Tally(selector, instances, 20_000);

        Assert.Equal(0, tally[instances[0]]);
        Near(10_000, tally[instances[1]], 0.1, "fast one");
    }

    [Fact]
    public void A_new_instance_without_a_latency_sample_counts_as_average_and_gets_tried()
    {
        var selector = new PowerOfTwoChoicesSelector();
        var instances = Instances(4);
        Announce(selector, instances);
        Answer(instances[0], TimeSpan.FromMilliseconds(5));
        Answer(instances[1], TimeSpan.FromMilliseconds(10));
        Answer(instances[2], TimeSpan.FromMilliseconds(15));

        var tally = Tally(selector, instances, 20_000);

        Assert.Equal(TimeSpan.Zero, instances[3].EwmaLatency);
        Assert.InRange(tally[instances[3]], 3_000, 8_000);
        Assert.True(tally[instances[0]] > tally[instances[2]], "the fastest should get more than the slowest");
    }

    private static void Hold(InstanceState instance, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            instance.AttemptStarted();
        }
    }

    private static void Answer(InstanceState instance, TimeSpan latency)
    {
        instance.AttemptStarted();
        instance.AttemptEnded(new AttemptOutcome(RpcStatusCode.Ok, latency));
    }
}
