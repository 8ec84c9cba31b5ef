using PlugRpc.Discovery;
using PlugRpc.Selectors;
using static PlugRpc.Plugins.Tests.Selectors.SelectorTestKit;

namespace PlugRpc.Plugins.Tests.Selectors;

public sealed class HashSelectorTests
{
    private const int Keys = 10_000;

    [Fact]
    public void A_key_always_goes_to_the_same_instance_in_every_client()
    {
        var first = new HashSelector();
        var other = new HashSelector();
        var instances = Instances(5);
        Announce(first, instances);
        var otherInstances = Instances(5);
        Announce(other, otherInstances);

        for (var k = 0; k < 200; k++)
        {
            var call = Call($"user-{k}");
            var picked = first.Select(instances, call);
            Assert.All(Enumerable.Range(0, 5), _ => Assert.Same(picked, first.Select(instances, call)));
            Assert.Equal(picked.Address, other.Select(otherInstances, call).Address);
        }
    }

    [Fact]
    public void Keys_spread_evenly_over_ten_instances()
    {
        var selector = new HashSelector();
        var instances = Instances(10);
        Announce(selector, instances);

        var tally = Tally(selector, instances, Keys, k => Call($"user-{k}"));

        Assert.All(instances, i => Near(Keys / 10, tally[i], 0.4, i.Address));
    }

    [Fact]
    public void An_instance_leaving_moves_only_the_keys_it_held()
    {
        var selector = new HashSelector();
        var instances = Instances(10);
        Announce(selector, instances);
        var before = Owners(selector, instances);
        var leaving = instances[3];
        InstanceState[] rest = [.. instances.Where(i => i != leaving)];

        Announce(selector, rest);
        var after = Owners(selector, rest);

        var held = before.Count(owner => owner == leaving);
        Assert.InRange(held, Keys / 20, Keys * 3 / 20);
        for (var k = 0; k < Keys; k++)
        {
            if (before[k] != leaving)
            {
                Assert.Same(before[k], after[k]);
            }
        }

        Assert.DoesNotContain(leaving, after);
        Assert.True(after.Where((owner, k) => before[k] == leaving).Distinct().Count() > 3, "the leaver's keys should scatter over the others");
    }

    [Fact]
    public void An_instance_joining_takes_keys_only_for_itself()
    {
        var selector = new HashSelector();
        var instances = Instances(11);
        InstanceState[] first10 = instances[..10];
        Announce(selector, first10);
        var before = Owners(selector, first10);

        Announce(selector, instances);
        var after = Owners(selector, instances);

        var moved = Enumerable.Range(0, Keys).Where(k => before[k] != after[k]).ToList();
        Assert.All(moved, k => Assert.Same(instances[10], after[k]));
        Assert.InRange(moved.Count, Keys / 22, Keys * 3 / 22);
    }

    [Fact]
    public void A_key_whose_instance_is_not_a_candidate_goes_where_it_would_if_that_instance_left()
    {
        var filtered = new HashSelector();
        var removed = new HashSelector();
        var instances = Instances(10);
        Announce(filtered, instances);
        InstanceState[] rest = [.. instances.Where(i => i != instances[6])];
        Announce(removed, rest);
        var restList = rest.ToList();

        for (var k = 0; k < Keys; k++)
        {
            var call = Call($"user-{k}");
            Assert.Same(removed.Select(rest, call), filtered.Select(restList, call));
        }
    }

    [Fact]
    public void A_call_without_a_routing_key_goes_to_a_random_candidate()
    {
        var selector = new HashSelector();
        var instances = Instances(3);
        Announce(selector, instances);

        var tally = Tally(selector, instances, 30_000);

        Assert.All(instances, i => Near(10_000, tally[i], 0.1, i.Address));
    }

    private static InstanceState[] Owners(HashSelector selector, IReadOnlyList<InstanceState> candidates) =>
        [.. Enumerable.Range(0, Keys).Select(k => selector.Select(candidates, Call($"user-{k}")))];
}
