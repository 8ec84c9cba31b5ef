using System.Collections.Concurrent;
using System.Diagnostics;
using PlugRpc.Diagnostics;

namespace PlugRpc.IntegrationTests.Observability;

/// <summary>Listens to PlugRpc's ActivitySource, every span sampled and recorded, and keeps each span as it stops.</summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener listener;
    private readonly ConcurrentQueue<Activity> stopped = new();
    private int started;

    public SpanRecorder()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RpcDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = _ => Interlocked.Increment(ref started),
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>Spans started since the recorder was made.</summary>
    public int Started => Volatile.Read(ref started);

    public IReadOnlyList<Activity> Stopped => [.. stopped];

    /// <summary>The one stopped span named <paramref name="name"/> of <paramref name="kind"/>.</summary>
    public Activity Single(string name, ActivityKind kind) => Assert.Single(stopped, a => a.DisplayName == name && a.Kind == kind);

    /// <summary>Every stopped span of <paramref name="traceId"/>.</summary>
    public IReadOnlyList<Activity> OfTrace(ActivityTraceId traceId) => [.. stopped.Where(a => a.TraceId == traceId)];

    public void Dispose() => listener.Dispose();
}
