using System.Collections.Concurrent;
using System.Diagnostics;

namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>
/// Runs a number of calls at a fixed concurrency and keeps each call's outcome: its reply or failure, how long it
/// took.
/// </summary>
internal static class FleetLoad
{
    /// <param name="call">Makes call number i (0-based).</param>
    /// <param name="completed">Told the number of calls completed so far, after each one (e.g. to kill a host mid-way).</param>
    public static async Task<LoadResult<T>> RunAsync<T>(int calls, int concurrency, Func<int, Task<T>> call, Action<int>? completed = null)
    {
        var outcomes = new CallOutcome<T>[calls];
        var next = -1;
        var done = 0;
        var started = Stopwatch.GetTimestamp();
        async Task WorkerAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < calls)
            {
                var begun = Stopwatch.GetTimestamp();
                T? reply = default;
                Exception? failure = null;
                try
                {
                    reply = await call(index);
                }
                catch (Exception ex)
                {
                    failure = ex;
                }

                outcomes[index] = new CallOutcome<T>(index, reply, failure, Stopwatch.GetElapsedTime(begun));
                completed?.Invoke(Interlocked.Increment(ref done));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkerAsync)));
        return new LoadResult<T>(outcomes, Stopwatch.GetElapsedTime(started));
    }
}

/// <summary>One call of a load.</summary>
internal sealed record CallOutcome<T>(int Index, T? Reply, Exception? Failure, TimeSpan Duration);

/// <summary>Every call of a load, with the figures tests assert on.</summary>
internal sealed record LoadResult<T>(IReadOnlyList<CallOutcome<T>> Calls, TimeSpan Elapsed)
{
    public IEnumerable<CallOutcome<T>> Failures => Calls.Where(c => c.Failure is not null);

    /// <summary>The first few failures, for an assertion's message.</summary>
    public string FailureSummary(int most = 5) =>
        string.Join("; ", Failures.Take(most).Select(f => $"#{f.Index} after {f.Duration.TotalMilliseconds:0} ms: {f.Failure!.GetType().Name}: {f.Failure.Message}"));

    /// <summary>The <paramref name="fraction"/> quantile of the calls' durations (e.g. 0.99).</summary>
    public TimeSpan Percentile(double fraction)
    {
        var sorted = Calls.Select(c => c.Duration).Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>How many replies each key (e.g. host name) got.</summary>
    public Dictionary<string, int> CountBy(Func<T, string> key) =>
        Calls.Where(c => c.Failure is null).GroupBy(c => key(c.Reply!)).ToDictionary(g => g.Key, g => g.Count());
}
