namespace PlugRpc.Registry.Tests.Reliability;

/// <summary>
/// The reliability runs take the machine to themselves: no other test's processes compete with their hosts and
/// load, and theirs slow no other test's timings.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection
{
    public const string Name = "reliability";
}
