using System.Diagnostics;
using System.Globalization;

namespace PlugRpc.Discovery;

/// <summary>
/// Everything a client knows about one instance, in one place: calls outstanding, latency, heartbeat failures in a
/// row, degraded, breaker state, connected. The framework writes the attempt and heartbeat figures; filters and
/// selectors read them, and keep any state of their own on the instance as a feature (<see cref="GetFeature{T}"/>).
/// One object per address for the client's lifetime: a view change keeps the state of the instances that stay.
/// A client keeps the attempt figures only when something reads them (a selector, a filter that watches attempts,
/// a fail mode), so that one address without governance costs nothing.
/// </summary>
public sealed class InstanceState
{
    /// <summary>The latency average's time constant: a sample weighs by how long it has been since the one before.</summary>
    private static readonly double DecayTicks = Stopwatch.Frequency;
    private readonly long firstSeen = Stopwatch.GetTimestamp();
    private readonly LatencyHistogram latencies = new();
    private int outstanding;
    private long ewmaLatencyTicks;
    private long lastSampleAt;
    private int heartbeatFailures;
    private volatile bool degraded;
    private volatile bool connected;
    private volatile int breaker;
    private (object Key, object Value)[] features = [];

    public InstanceState(ServiceInstance instance)
    {
        Instance = instance;
        Weight = ReadWeight(instance.Metadata);
    }

    public ServiceInstance Instance { get; private set; }

    public string Address => Instance.Address;

    public IReadOnlyDictionary<string, string> Metadata => Instance.Metadata;

    /// <summary>The <see cref="InstanceMetadataKeys.Weight"/> published, or 1.</summary>
    public int Weight { get; private set; }

    /// <summary>Attempts sent to this instance and not yet ended.</summary>
    public int Outstanding => Volatile.Read(ref outstanding);

    /// <summary>
    /// Exponentially weighted moving average of answered attempts' latency over about a second; a sample a second or
    /// more after the one before replaces it, so an instance not called for a while (a selector's probe of one it had
    /// left out) is judged afresh. Zero before the first.
    /// </summary>
    public TimeSpan EwmaLatency => TimeSpan.FromTicks(Volatile.Read(ref ewmaLatencyTicks));

    /// <summary>The 95th percentile of recent answered attempts' latency; null before enough of them.</summary>
    public TimeSpan? LatencyP95 => latencies.Percentile(0.95);

    /// <summary>Heartbeats failed in a row.</summary>
    public int HeartbeatFailures => Volatile.Read(ref heartbeatFailures);

    /// <summary>Marked by heartbeats: more than the client's threshold of failures in a row; one success clears it.</summary>
    public bool Degraded => degraded;

    /// <summary>Whether the client holds an open connection to the instance.</summary>
    public bool Connected
    {
        get => connected;
        set => connected = value;
    }

    /// <summary>Where the instance's circuit breaker stands; written by the breaker filter.</summary>
    public BreakerState Breaker
    {
        get => (BreakerState)breaker;
        set => breaker = (int)value;
    }

    /// <summary>How long this client has known the instance, or since it published its start, whichever is shorter.</summary>
    public TimeSpan Age
    {
        get
        {
            var known = Stopwatch.GetElapsedTime(firstSeen);
            if (Metadata.TryGetValue(InstanceMetadataKeys.StartTime, out var text) &&
                long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var startedMs))
            {
                var running = DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds(startedMs);
                return running < known ? (running < TimeSpan.Zero ? TimeSpan.Zero : running) : known;
            }

            return known;
        }
    }

    /// <summary>Takes the instance's new metadata from a fresh view (same address), keeping its state.</summary>
    public void Update(ServiceInstance fresh)
    {
        Instance = fresh;
        Weight = ReadWeight(fresh.Metadata);
    }

    /// <summary>Called by the framework as an attempt is sent to the instance.</summary>
    public void AttemptStarted() => Interlocked.Increment(ref outstanding);

    /// <summary>
    /// Called by the framework as an attempt on the instance ends. An answer is a latency sample; a failure of the
    /// instance's own counts as a slow one (at least <see cref="FailurePenalty"/>), so that load moves off an
    /// instance that fails fast; a caller's mistake or a cancellation says nothing about it.
    /// </summary>
    public void AttemptEnded(in AttemptOutcome outcome)
    {
        Interlocked.Decrement(ref outstanding);
        if (outcome.Status == RpcStatusCode.Ok)
        {
            if (TakesSample())
            {
                Sample(outcome.Latency);
                latencies.Record(outcome.Latency);
            }
        }
        else if (outcome.IsInstanceFailure)
        {
            Sample(outcome.Latency > FailurePenalty ? outcome.Latency : FailurePenalty);
        }
    }

    /// <summary>The latency a failed attempt counts as, at least.</summary>
    public static TimeSpan FailurePenalty { get; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether this answer's latency is recorded: every one at a modest rate; under heavy load one in four (by the
    /// clock's low bits), so that the callers of one instance do not all write the same few fields for each answer.
    /// </summary>
    private bool TakesSample()
    {
        var now = Stopwatch.GetTimestamp();
        return now - Volatile.Read(ref lastSampleAt) > BusyGapTicks || (now & 3) == 0;
    }

    /// <summary>Answers closer together than this (50 µs) are sampled.</summary>
    private static readonly long BusyGapTicks = Stopwatch.Frequency / 20_000;

    private void Sample(TimeSpan latency)
    {
        var sample = latency.Ticks;
        var now = Stopwatch.GetTimestamp();
        var since = now - Interlocked.Exchange(ref lastSampleAt, now);
        var previous = Volatile.Read(ref ewmaLatencyTicks);
        var weight = since >= DecayTicks ? 1 : 1 - Math.Exp(-since / DecayTicks);
        var next = previous == 0 ? sample : (long)((previous * (1 - weight)) + (sample * weight));
        Interlocked.CompareExchange(ref ewmaLatencyTicks, next, previous);
    }

    /// <summary>A heartbeat was answered: the failure count restarts and the instance is no longer degraded.</summary>
    public void HeartbeatSucceeded()
    {
        Volatile.Write(ref heartbeatFailures, 0);
        degraded = false;
    }

    /// <summary>A heartbeat failed; past <paramref name="degradeThreshold"/> failures in a row the instance is degraded.</summary>
    /// <returns>Whether this failure is the one that degraded it.</returns>
    public bool HeartbeatFailed(int degradeThreshold)
    {
        var failures = Interlocked.Increment(ref heartbeatFailures);
        if (failures > degradeThreshold && !degraded)
        {
            degraded = true;
            return true;
        }

        return false;
    }

    /// <summary>
    /// The state <paramref name="key"/>'s owner keeps on this instance (a selector's weight, a breaker's window),
    /// created on first use. Reads take no lock.
    /// </summary>
    public T GetFeature<T>(object key, Func<InstanceState, T> create)
        where T : class
    {
        foreach (var (k, value) in Volatile.Read(ref features))
        {
            if (ReferenceEquals(k, key))
            {
                return (T)value;
            }
        }

        lock (latencies)
        {
            foreach (var (k, value) in features)
            {
                if (ReferenceEquals(k, key))
                {
                    return (T)value;
                }
            }

            var created = create(this);
            Volatile.Write(ref features, [.. features, (key, created)]);
            return created;
        }
    }

    public override string ToString() => Address;

    private static int ReadWeight(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue(InstanceMetadataKeys.Weight, out var text) &&
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var weight) && weight > 0
            ? weight
            : 1;
}
