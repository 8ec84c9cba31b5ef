using PlugRpc.Discovery;
using PlugRpc.Selectors;
using static PlugRpc.Plugins.Tests.Selectors.SelectorTestKit;

namespace PlugRpc.Plugins.Tests.Selectors;

public sealed class RandomAndRoundRobinSelectorTests
{
    [Fact]
    public void Random_spreads_evenly_over_the_candidates()
    {
        var selector = new RandomSelector();
        var instances = Instances(3);
        Announce(selector, instances);

        var tally = Tally(selector, instances, 30_000);

        foreach (var instance in instances)
        {
            Near(10_000, tally[instance], 0.1, instance.Address);
        }
    }

    [Fact]
    public void Random_picks_among_the_candidates_given_not_the_whole_view()
    {
        var selector = new RandomSelector();
        var instances = Instances(4);
        Announce(selector, instances);

        var tally = Tally(selector, [instances[1], instances[3]], 20_000);

        Near(10_000, tally[instances[1]], 0.1, "second");
        Near(10_000, tally[instances[3]], 0.1, "fourth");
        Assert.Equal(2, tally.Count);
    }

    [Fact]
    public void Round_robin_takes_each_candidate_in_view_order_in_turn()
    {
        var selector = new RoundRobinSelector();
        var instances = Instances(3);
        Announce(selector, instances);

        var picks = Enumerable.Range(0, 9).Select(_ => Array.IndexOf(instances, selector.Select(instances, Call()))).ToArray();

        for (var i = 1; i < picks.Length; i++)
        {
            Assert.Equal((picks[i - 1] + 1) % 3, picks[i]);
        }

        Assert.All(Tally(selector, instances, 300).Values, count => Assert.Equal(100, count));
    }

    [Fact]
    public void Round_robin_rotates_over_a_subset_of_candidates()
    {
        var selector = new RoundRobinSelector();
        var instances = Instances(4);
        Announce(selector, instances);
        List<InstanceState> subset = [instances[0], instances[2]];

        var picks = Enumerable.Range(0, 6).Select(_ => selector.Select(subset, Call())).ToArray();

        for (var i = 1; i < picks.Length; i++)
        {
            Assert.NotSame(picks[i - 1], picks[i]);
        }

        Assert.All(picks, p => Assert.Contains(p, subset));
    }
}
