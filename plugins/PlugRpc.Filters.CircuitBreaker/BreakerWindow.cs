using PlugRpc.Discovery;

namespace PlugRpc.Filters.CircuitBreaker;

/// <summary>
/// One instance's breaker bookkeeping, kept on the instance as a feature: the times of its latest instance failures
/// (a ring of threshold entries, so the window slides exactly), when an open breaker may half-open, and the probes
/// in flight. The state itself is <see cref="InstanceState.Breaker"/>; every change of it happens under this lock.
/// An attempt that ends while half-open is taken as a probe's verdict even if it began before the breaker opened.
/// </summary>
internal sealed class BreakerWindow
{
    private readonly Lock gate = new();
    private readonly long[] failures;
    private int next;
    private int count;
    private long halfOpensAt;
    private int probes;

    public BreakerWindow(int threshold)
    {
        failures = new long[threshold];
    }

    /// <summary>When an open breaker may let probes through, in timestamp ticks.</summary>
    public long HalfOpensAt => Volatile.Read(ref halfOpensAt);

    /// <summary>Whether a call may go to an instance whose breaker is not closed; moves an open one past its cool-down to half-open.</summary>
    public bool Allows(InstanceState instance, long now, int probeLimit)
    {
        lock (gate)
        {
            if (instance.Breaker == BreakerState.Open)
            {
                if (now < halfOpensAt)
                {
                    return false;
                }

                BreakerMetrics.Enter(instance, BreakerState.HalfOpen);
                probes = 0;
            }

            return instance.Breaker == BreakerState.Closed || probes < probeLimit;
        }
    }

    public void ProbeStarted(InstanceState instance)
    {
        lock (gate)
        {
            if (instance.Breaker == BreakerState.HalfOpen)
            {
                probes++;
            }
        }
    }

    /// <summary>An attempt ended: a failure counts in the window (or re-opens a half-open breaker); an answer closes a half-open one.</summary>
    /// <param name="verdict">True for an instance failure, false for an answer, null for neither (the caller cancelled).</param>
    public void Ended(InstanceState instance, bool? verdict, long now, long windowTicks, long coolDownTicks)
    {
        lock (gate)
        {
            switch (instance.Breaker)
            {
                case BreakerState.Closed when verdict == true:
                    failures[next] = now;
                    next = (next + 1) % failures.Length;
                    count = Math.Min(count + 1, failures.Length);
                    if (count == failures.Length && now - failures[next] <= windowTicks)
                    {
                        Open(instance, now, coolDownTicks);
                    }

                    break;
                case BreakerState.HalfOpen:
                    probes = Math.Max(0, probes - 1);
                    if (verdict == true)
                    {
                        Open(instance, now, coolDownTicks);
                    }
                    else if (verdict == false)
                    {
                        count = 0;
                        BreakerMetrics.Enter(instance, BreakerState.Closed);
                    }

                    break;
            }
        }
    }

    private void Open(InstanceState instance, long now, long coolDownTicks)
    {
        count = 0;
        probes = 0;
        Volatile.Write(ref halfOpensAt, now + coolDownTicks);
        BreakerMetrics.Enter(instance, BreakerState.Open);
    }
}
