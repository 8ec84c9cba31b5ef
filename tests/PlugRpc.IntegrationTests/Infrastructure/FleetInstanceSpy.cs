using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PlugRpc.Discovery;

namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>
/// An instance filter that leaves no one out, there to watch attempts: it counts the attempts the client starts on
/// each instance (retries and backups included), which neither the client nor the replies show.
/// </summary>
internal sealed class FleetInstanceSpy : IInstanceFilter, IAttemptObserver
{
    public const string Name = "spy";

    private readonly ConcurrentDictionary<string, StrongBox<long>> attempts = new(StringComparer.Ordinal);

    public string Reason => "the spy leaves no one out";

    public bool Allows(InstanceState instance, ClientCallContext context) => true;

    public void OnAttemptStarted(InstanceState instance) =>
        Interlocked.Increment(ref attempts.GetOrAdd(instance.Address, _ => new StrongBox<long>()).Value);

    /// <summary>Attempts the client has started on <paramref name="host"/>.</summary>
    public long AttemptsOn(FleetHost host) => attempts.TryGetValue(host.Address, out var count) ? Interlocked.Read(ref count.Value) : 0;
}
