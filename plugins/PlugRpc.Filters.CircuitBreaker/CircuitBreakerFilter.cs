using PlugRpc.Discovery;

namespace PlugRpc.Filters.CircuitBreaker;

/// <summary>
/// go-rpc's breaker per instance: threshold instance failures within a sliding window open it, a cool-down later up
/// to halfOpenProbes probes go at once, an answer closes it and a failure re-opens it; state lives on the instance.
/// Not Polly.Core's breaker: that one opens on a failure ratio over a minimum throughput, must run each attempt itself
/// (ours are settled by the connection's read loop) and keeps its state in its pipeline rather than on the instance.
/// </summary>
public sealed class CircuitBreakerFilter : IInstanceFilter, IAttemptObserver
{
    private readonly TimeProvider time;
    private readonly int probeLimit;
    private readonly long windowTicks;
    private readonly long coolDownTicks;
    private readonly Func<InstanceState, BreakerWindow> createWindow;

    /// <param name="threshold">Instance failures within <paramref name="window"/> that open the breaker.</param>
    /// <param name="time">The clock; the system's unless a test brings its own.</param>
    public CircuitBreakerFilter(int threshold, TimeSpan window, TimeSpan coolDown, int halfOpenProbes, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(halfOpenProbes, 1);
        this.time = time ?? TimeProvider.System;
        probeLimit = halfOpenProbes;
        windowTicks = TicksOf(window);
        coolDownTicks = TicksOf(coolDown);
        createWindow = _ => new BreakerWindow(threshold);
    }

    public string Reason => "circuit breaker open";

    /// <summary>
    /// Closed: yes. Open: no, until the cool-down has passed, when it turns half-open. Half-open: while probes in
    /// flight are under the limit (a probe counts from <see cref="OnAttemptStarted"/>, so picks in the same instant may
    /// let one more through).
    /// </summary>
    public bool Allows(InstanceState instance, ClientCallContext context)
    {
        var state = instance.Breaker;
        if (state == BreakerState.Closed)
        {
            return true;
        }

        var window = WindowOf(instance);
        var now = time.GetTimestamp();
        return (state != BreakerState.Open || now >= window.HalfOpensAt) && window.Allows(instance, now, probeLimit);
    }

    public void OnAttemptStarted(InstanceState instance)
    {
        if (instance.Breaker == BreakerState.HalfOpen)
        {
            WindowOf(instance).ProbeStarted(instance);
        }
    }

    /// <summary>Counts instance failures only (<see cref="AttemptOutcome.IsInstanceFailure"/>): a caller's mistake is an answer.</summary>
    public void OnAttemptEnded(InstanceState instance, AttemptOutcome outcome)
    {
        var failed = outcome.IsInstanceFailure;
        var state = instance.Breaker;
        if (state == BreakerState.Open || (state == BreakerState.Closed && !failed))
        {
            return;
        }

        bool? verdict = failed ? true : outcome.Status == RpcStatusCode.Cancelled ? null : false;
        WindowOf(instance).Ended(instance, verdict, time.GetTimestamp(), windowTicks, coolDownTicks);
    }

    private BreakerWindow WindowOf(InstanceState instance) => instance.GetFeature(this, createWindow);

    private long TicksOf(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
