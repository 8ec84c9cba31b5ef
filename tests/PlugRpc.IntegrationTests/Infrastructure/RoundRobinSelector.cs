using PlugRpc.Discovery;

namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>Takes the candidates in turn, so that every instance a filter lets through gets calls; for tests of instance filters.</summary>
internal sealed class RoundRobinSelector : ISelector
{
    public const string Name = "test-roundrobin";
    private int next = -1;

    public InstanceState Select(IReadOnlyList<InstanceState> candidates, ClientCallContext context) =>
        candidates[(int)((uint)Interlocked.Increment(ref next) % (uint)candidates.Count)];
}
