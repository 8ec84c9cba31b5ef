using PlugRpc.Discovery;
using PlugRpc.Selectors;
using static PlugRpc.Plugins.Tests.Selectors.SelectorTestKit;

namespace PlugRpc.Plugins.Tests.Selectors;

/// <summary>Every selector follows a new view: a removed instance is never picked again, an added one gets its share.</summary>
public sealed class SelectorViewChangeTests
{
    public static TheoryData<string> Names => ["random", "roundrobin", "weighted", "hash", "p2c"];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_new_view_brings_a_new_distribution(string name)
    {
        var selector = Create(name);
        var instances = Instances(4);
        var (a, b, c, d) = (instances[0], instances[1], instances[2], instances[3]);
        Func<int, ClientCallContext> call = k => Call($"key-{k}");
        Announce(selector, a, b, c);
        var before = Tally(selector, [a, b, c], 9_000, call);

        var view = Announce(selector, b, c, d);
        var after = Tally(selector, view.Instances, 9_000, call);

        Assert.All([a, b, c], i => Near(3_000, before[i], 0.3, $"{name} before, {i}"));
        Assert.False(after.ContainsKey(a));
        Assert.All([b, c, d], i => Near(3_000, after[i], 0.3, $"{name} after, {i}"));
    }

    internal static ISelector Create(string name, TimeSpan warmup = default) => name switch
    {
        "random" => new RandomSelector(warmup),
        "roundrobin" => new RoundRobinSelector(),
        "weighted" => new WeightedSelector(warmup),
        "hash" => new HashSelector(),
        "p2c" => new PowerOfTwoChoicesSelector(warmup),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
