using PlugRpc.Discovery;
using static PlugRpc.Plugins.Tests.Selectors.SelectorTestKit;

namespace PlugRpc.Plugins.Tests.Selectors;

/// <summary>Picks allocate nothing and stay correct when many threads pick at once.</summary>
public sealed class SelectorHotPathTests
{
    public static TheoryData<string> Names => SelectorViewChangeTests.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void Picks_allocate_nothing_over_the_whole_view_or_a_subset(string name)
    {
        var selector = SelectorViewChangeTests.Create(name, warmup: TimeSpan.FromMinutes(1));
        var instances = Instances(5);
        var view = Announce(selector, instances);
        List<InstanceState> subset = [instances[0], instances[2], instances[4]];
        var keyed = Call("user-42");
        var plain = Call();

        long allocated = 0;
        for (var round = 0; round < 2; round++)
        {
            var start = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 2_000; i++)
            {
                selector.Select(view.Instances, plain);
                selector.Select(subset, plain);
                selector.Select(view.Instances, keyed);
                selector.Select(subset, keyed);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - start;
        }

        Assert.Equal(0, allocated);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Concurrent_picks_only_ever_return_candidates(string name)
    {
        var selector = SelectorViewChangeTests.Create(name);
        var instances = Instances(6);
        Announce(selector, instances);
        List<InstanceState> subset = [instances[1], instances[2], instances[5]];
        var counts = new int[instances.Length];

        Parallel.For(0, 40_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var candidates = Random.Shared.Next(2) == 0 ? (IReadOnlyList<InstanceState>)instances : subset;
            var picked = selector.Select(candidates, Call($"user-{i % 500}"));
            Assert.Contains(picked, candidates);
            Interlocked.Increment(ref counts[Array.IndexOf(instances, picked)]);
        });

        Assert.Equal(40_000, counts.Sum());
        Assert.All(counts, c => Assert.True(c > 0));
    }

    [Fact]
    public void Concurrent_round_robin_picks_are_spread_exactly()
    {
        var selector = SelectorViewChangeTests.Create("roundrobin");
        var instances = Instances(3);
        Announce(selector, instances);
        var counts = new int[3];

        Parallel.For(0, 6_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
            Interlocked.Increment(ref counts[Array.IndexOf(instances, selector.Select(instances, Call()))]));

        Assert.Equal([2_000, 2_000, 2_000], counts);
    }
}
