using PlugRpc.Discovery;
using PlugRpc.Selectors;
using static PlugRpc.Plugins.Tests.Selectors.SelectorTestKit;

namespace PlugRpc.Plugins.Tests.Selectors;

/// <summary>Two instances a client has known for longer than <see cref="Warmup"/>: made once, then waited for.</summary>
public sealed class WarmInstances : IAsyncLifetime
{
    public static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1.5);

    public InstanceState[] Old { get; } = [Instance("tcp://old:1"), Instance("tcp://old:2")];

    public Task InitializeAsync() => Task.Delay(Warmup + TimeSpan.FromMilliseconds(100));

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>Slow start: a young instance's share ramps linearly from a tenth to all of it over the warm-up.</summary>
public sealed class SlowStartTests(WarmInstances warm) : IClassFixture<WarmInstances>
{
    private const int Picks = 30_000;

    [Fact]
    public void The_share_grows_linearly_from_a_tenth_to_all_over_the_warmup()
    {
        var slowStart = new SlowStart(TimeSpan.FromSeconds(10));

        Assert.Equal(0.1, slowStart.ShareAt(TimeSpan.Zero), 6);
        Assert.Equal(0.55, slowStart.ShareAt(TimeSpan.FromSeconds(5)), 6);
        Assert.Equal(0.82, slowStart.ShareAt(TimeSpan.FromSeconds(8)), 6);
        Assert.Equal(1, slowStart.ShareAt(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, slowStart.ShareAt(TimeSpan.FromMinutes(5)));
        Assert.Equal(1, new SlowStart(TimeSpan.Zero).ShareAt(TimeSpan.Zero));
    }

    [Fact]
    public void A_view_of_warm_instances_skips_the_ages_and_a_young_one_brings_them_back()
    {
        var slowStart = new SlowStart(WarmInstances.Warmup);

        slowStart.OnViewChanged(new InstanceView(warm.Old, 1));
        var warmView = slowStart.AnyWarming;
        slowStart.OnViewChanged(new InstanceView([.. warm.Old, Instance("tcp://young:1")], 2));

        Assert.False(warmView);
        Assert.True(slowStart.AnyWarming);
        Assert.False(new SlowStart(TimeSpan.Zero).AnyWarming);
    }

    [Theory]
    [InlineData("random")]
    [InlineData("weighted")]
    [InlineData("p2c")]
    public void A_young_instance_gets_a_small_share_while_warming_and_a_full_one_without_warmup(string name)
    {
        var warming = Ratio(SelectorViewChangeTests.Create(name, WarmInstances.Warmup));
        var off = Ratio(SelectorViewChangeTests.Create(name));

        // Younger than a fifth of the warm-up, its share is at most 0.28 of a full one (p2c gives it a little less).
        Assert.InRange(warming, 0.03, 0.4);
        Assert.InRange(off, 0.85, 1.15);
    }

    /// <summary>A brand-new instance's picks over the mean of the old ones'.</summary>
    private double Ratio(ISelector selector)
    {
        var young = Instance("tcp://young:1");
        var view = Announce(selector, [.. warm.Old, young]);
        var tally = Tally(selector, view.Instances, Picks);
        return tally[young] / ((tally[warm.Old[0]] + tally[warm.Old[1]]) / 2.0);
    }
}
