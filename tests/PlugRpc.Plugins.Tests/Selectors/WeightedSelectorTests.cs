using PlugRpc.Discovery;
using PlugRpc.Selectors;
using static PlugRpc.Plugins.Tests.Selectors.SelectorTestKit;

namespace PlugRpc.Plugins.Tests.Selectors;

public sealed class WeightedSelectorTests
{
    private readonly InstanceState a = Instance("tcp://a:1", weight: 5);
    private readonly InstanceState b = Instance("tcp://b:1", weight: 1);
    private readonly InstanceState c = Instance("tcp://c:1");

    [Fact]
    public void Weights_five_one_one_give_nginx_smooth_sequence()
    {
        var selector = new WeightedSelector();
        InstanceState[] all = [a, b, c];
        Announce(selector, all);

        var sequence = string.Concat(Enumerable.Range(0, 14).Select(_ => selector.Select(all, Call()).Address[6]));

        Assert.Equal(1, c.Weight);
        Assert.Equal("aabacaaaabacaa", sequence);
    }

    [Fact]
    public void Proportions_follow_the_weights_exactly()
    {
        var selector = new WeightedSelector();
        InstanceState[] all = [a, b, c];
        Announce(selector, all);

        var tally = Tally(selector, all, 7_000);

        Assert.Equal([5_000, 1_000, 1_000], [tally[a], tally[b], tally[c]]);
    }

    [Fact]
    public void A_subset_of_candidates_shares_by_its_own_weights()
    {
        var selector = new WeightedSelector();
        Announce(selector, a, b, c);

        var withoutC = Tally(selector, [a, b], 600);
        var withoutA = Tally(selector, [b, c], 600);

        Assert.Equal([500, 100], [withoutC[a], withoutC[b]]);
        Assert.Equal([300, 300], [withoutA[b], withoutA[c]]);
    }

    [Fact]
    public void Concurrent_picks_keep_the_exact_proportions()
    {
        var selector = new WeightedSelector();
        InstanceState[] all = [a, b, c];
        Announce(selector, all);
        var counts = new int[3];

        Parallel.For(0, 7_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
            Interlocked.Increment(ref counts[Array.IndexOf(all, selector.Select(all, Call()))]));

        Assert.Equal([5_000, 1_000, 1_000], counts);
    }
}
