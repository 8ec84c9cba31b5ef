using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PlugRpc.Discovery;

namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>
/// An instance filter that leaves no one out: listed first in a client's filters, it sees each instance's state as
/// the client keeps it (degraded, breaker, outstanding) and counts the attempts started on each, which the client
/// does not show otherwise.
/// </summary>
internal sealed class FleetInstanceSpy : IInstanceFilter, IAttemptObserver
{
    public const string Name = "spy";

    private readonly ConcurrentDictionary<string, InstanceState> seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox<long>> attempts = new(StringComparer.Ordinal);

    public string Reason => "the spy leaves no one out";

    public bool Allows(InstanceState instance, ClientCallContext context)
    {
        seen.TryAdd(instance.Address, instance);
        return true;
    }

    public void OnAttemptStarted(InstanceState instance) =>
        Interlocked.Increment(ref attempts.GetOrAdd(instance.Address, _ => new StrongBox<long>()).Value);

    /// <summary>The client's state of the instance at <paramref name="host"/>, once a pick has seen it.</summary>
    public InstanceState StateOf(FleetHost host) =>
        seen.TryGetValue(host.Address, out var state) ? state : throw new InvalidOperationException($"no pick has seen {host} yet");

    /// <summary>Attempts the client has started on <paramref name="host"/>.</summary>
    public long AttemptsOn(FleetHost host) => attempts.TryGetValue(host.Address, out var count) ? Interlocked.Read(ref count.Value) : 0;
}
