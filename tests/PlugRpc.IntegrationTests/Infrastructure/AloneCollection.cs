namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>
/// Tests that measure the whole process (its managed heap) run with no other test at the same time: another
/// test's calls in flight, or the buffers the shared array pool keeps for it, are not theirs to count.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone in the process";
}
