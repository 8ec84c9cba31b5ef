using System.Buffers;
using PlugRpc.Codecs;
using PlugRpc.Discovery;

namespace PlugRpc.Plugins.Tests.Selectors;

/// <summary>Instances, views and calls for selector unit tests, and a tally of many picks.</summary>
internal static class SelectorTestKit
{
    private static long generation;

    public static InstanceState Instance(string address, int? weight = null) =>
        new(new ServiceInstance(address, weight is { } w
            ? new Dictionary<string, string> { [InstanceMetadataKeys.Weight] = w.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            : ServiceInstance.EmptyMetadata));

    public static InstanceState[] Instances(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Instance($"tcp://10.0.0.{i + 1}:8972"))];

    /// <summary>A new view of <paramref name="instances"/>, announced to <paramref name="selector"/>.</summary>
    public static InstanceView Announce(ISelector selector, params InstanceState[] instances)
    {
        var view = new InstanceView(instances, Interlocked.Increment(ref generation));
        selector.OnViewChanged(view);
        return view;
    }

    public static ClientCallContext Call(string? routingKey = null) =>
        new StubCall(routingKey is null ? CallOptions.Default : new CallOptions { RoutingKey = routingKey });

    /// <summary>How many of <paramref name="picks"/> picks among <paramref name="candidates"/> went to each instance.</summary>
    public static Dictionary<InstanceState, int> Tally(ISelector selector, IReadOnlyList<InstanceState> candidates, int picks, Func<int, ClientCallContext>? call = null)
    {
        var tally = candidates.ToDictionary(c => c, _ => 0);
        var plain = Call();
        for (var i = 0; i < picks; i++)
        {
            var picked = selector.Select(candidates, call?.Invoke(i) ?? plain);
            Assert.True(tally.ContainsKey(picked), $"picked {picked}, not a candidate");
            tally[picked]++;
        }

        return tally;
    }

    /// <summary>Asserts <paramref name="count"/> is within <paramref name="tolerance"/> (a fraction) of <paramref name="expected"/>.</summary>
    public static void Near(double expected, int count, double tolerance, string what) =>
        Assert.True(Math.Abs(count - expected) <= expected * tolerance, $"{what}: {count}, expected {expected:0} ± {tolerance:P0}");

    /// <summary>A client call that carries only its options; nothing sends it.</summary>
    private sealed class StubCall(CallOptions options) : ClientCallContext("S", "M", null, options, default)
    {
        public override object? RequestObject => null;

        public override object? ResponseObject => null;

        public override void WriteRequest(ICodec codec, IBufferWriter<byte> output) => throw new NotSupportedException();

        public override void ReadResponse(ICodec codec, in ReadOnlySequence<byte> body) => throw new NotSupportedException();
    }
}
