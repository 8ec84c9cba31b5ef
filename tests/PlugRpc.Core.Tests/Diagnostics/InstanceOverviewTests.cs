using PlugRpc.Diagnostics;
using PlugRpc.Discovery;

namespace PlugRpc.Core.Tests.Diagnostics;

/// <summary>The status word the dashboard shows for an instance, the worst state first.</summary>
public sealed class InstanceOverviewTests
{
    [Theory]
    [InlineData(true, true, 0, false, BreakerState.Closed, "up")]
    [InlineData(true, false, 0, false, BreakerState.Closed, "not connected")]
    [InlineData(true, false, 1, false, BreakerState.Closed, "unreachable")]
    [InlineData(true, false, 3, true, BreakerState.Open, "degraded")]
    [InlineData(true, true, 0, false, BreakerState.Open, "breaker open")]
    [InlineData(true, false, 2, false, BreakerState.Open, "breaker open")]
    [InlineData(true, true, 0, false, BreakerState.HalfOpen, "breaker half-open")]
    [InlineData(false, true, 0, false, BreakerState.Closed, "leaving")]
    [InlineData(false, false, 4, true, BreakerState.Open, "gone")]
    public void Status_names_the_worst_state(bool inView, bool connected, int heartbeatFailures, bool degraded, BreakerState breaker, string status)
    {
        var instance = new InstanceOverview("tcp://127.0.0.1:1", inView, connected, heartbeatFailures, degraded, breaker, 0, TimeSpan.Zero, null);

        Assert.Equal(status, instance.Status);
    }
}
