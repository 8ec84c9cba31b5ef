using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PlugRpc.Discovery;
using PlugRpc.Filters;

namespace PlugRpc.Cli;

/// <summary>
/// A client filter the bench adds to its own client: counts, per instance address, the calls each instance
/// answered (the client does not report per call where it went, but the filter contract shows the instance).
/// </summary>
internal sealed class InstanceTally : IClientFilter
{
    public const string FilterName = "cli-tally";

    private readonly ConcurrentDictionary<string, StrongBox<long>> counts = new(StringComparer.Ordinal);

    public async ValueTask InvokeAsync(ClientCallContext context, ClientCallHandler next)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (RpcException ex) when (!new AttemptOutcome(ex.StatusCode, TimeSpan.Zero).IsInstanceFailure)
        {
            // An error the server answered with (InvalidArgument, NotFound …) was still answered by that instance.
            Count(context.Instance);
            throw;
        }

        Count(context.Instance);
    }

    /// <summary>The calls answered so far, by address.</summary>
    public SortedDictionary<string, long> Snapshot() =>
        new(counts.ToDictionary(pair => pair.Key, pair => Interlocked.Read(ref pair.Value.Value)), StringComparer.Ordinal);

    private void Count(InstanceState? instance)
    {
        if (instance is not null)
        {
            Interlocked.Increment(ref counts.GetOrAdd(instance.Address, static _ => new StrongBox<long>()).Value);
        }
    }
}
