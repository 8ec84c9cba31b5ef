using PlugRpc.Discovery;

namespace PlugRpc.Diagnostics;

/// <summary>One instance as a client sees it (its <see cref="InstanceState"/> read once), and a word for how it stands.</summary>
/// <param name="Address">The instance's address.</param>
/// <param name="InView">False once it left the client's view (it deregistered or the registry dropped it).</param>
/// <param name="Connected">Whether the client holds an open connection to it.</param>
/// <param name="HeartbeatFailures">Heartbeats failed in a row.</param>
/// <param name="Degraded">Marked by heartbeats: past the client's threshold of failures in a row.</param>
/// <param name="Breaker">Where its circuit breaker stands.</param>
/// <param name="Outstanding">Attempts in flight to it (kept when a selector, filter or fail mode reads the figures).</param>
/// <param name="EwmaLatency">The moving average of its answers' latency; zero before the first (or when not kept).</param>
/// <param name="LatencyP95">The 95th percentile of its recent answers' latency; null before enough of them.</param>
public sealed record InstanceOverview(
    string Address,
    bool InView,
    bool Connected,
    int HeartbeatFailures,
    bool Degraded,
    BreakerState Breaker,
    int Outstanding,
    TimeSpan EwmaLatency,
    TimeSpan? LatencyP95)
{
    /// <summary>
    /// How the instance stands, the worst first: "gone" (left the view, its connection closed), "leaving" (left the
    /// view, its connection still finishing calls), "degraded", "breaker open", "unreachable" (no connection and
    /// heartbeats failing), "breaker half-open", "not connected" (no connection yet), else "up".
    /// </summary>
    public string Status => (InView, Connected) switch
    {
        (false, false) => "gone",
        (false, true) => "leaving",
        _ when Degraded => "degraded",
        _ when Breaker == BreakerState.Open => "breaker open",
        (_, false) when HeartbeatFailures > 0 => "unreachable",
        _ when Breaker == BreakerState.HalfOpen => "breaker half-open",
        (_, false) => "not connected",
        _ => "up",
    };
}
