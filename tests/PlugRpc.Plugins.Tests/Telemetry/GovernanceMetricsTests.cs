using PlugRpc.Diagnostics;
using PlugRpc.Discovery;
using PlugRpc.Filters;
using PlugRpc.Filters.CircuitBreaker;
using PlugRpc.Filters.RateLimit;
using PlugRpc.IntegrationTests.Observability;

namespace PlugRpc.Plugins.Tests.Telemetry;

/// <summary>The governance plugins' instruments on PlugRpc's Meter: breaker transitions and rate-limit refusals.</summary>
public sealed class GovernanceMetricsTests
{
    [Fact]
    public void Each_breaker_transition_is_counted_under_its_instance_and_the_state_entered()
    {
        var clock = new ManualClock();
        var instance = new InstanceState(new ServiceInstance($"tcp://127.0.0.1:{Random.Shared.Next(20000, 60000)}"));
        var breaker = new CircuitBreakerFilter(2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 1, clock);
        using var metrics = new MetricRecorder();

        End(breaker, instance, RpcStatusCode.Unavailable);
        End(breaker, instance, RpcStatusCode.Unavailable);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(breaker.Allows(instance, new TestClientCall()));
        End(breaker, instance, RpcStatusCode.Ok);

        var transitions = metrics.Of(RpcMetricNames.BreakerTransitions, (RpcTelemetryTags.ServerAddress, instance.Address));
        Assert.Equal(["open", "half_open", "closed"], transitions.Select(t => t.Tags[RpcTelemetryTags.BreakerState]));
        Assert.All(transitions, t => Assert.Equal(1, t.Value));
    }

    [Fact]
    public async Task A_refusal_is_counted_by_side_method_and_reason()
    {
        using var server = new RateLimitServerFilter(new RateLimitOptions { PermitsPerSecond = 0.5, Burst = 1 });
        using var client = new RateLimitClientFilter(new RateLimitOptions { PermitsPerSecond = 0.5, Burst = 1 });
        using var metrics = new MetricRecorder();
        ServerCallHandler serverDone = _ => ValueTask.CompletedTask;
        ClientCallHandler clientDone = _ => ValueTask.CompletedTask;

        await server.InvokeAsync(new TestServerCall("Limited.Server"), serverDone);
        await Assert.ThrowsAsync<RpcException>(() => server.InvokeAsync(new TestServerCall("Limited.Server"), serverDone).AsTask());
        await client.InvokeAsync(new TestClientCall("Limited.Client"), clientDone);
        await Assert.ThrowsAsync<RpcException>(() => client.InvokeAsync(new TestClientCall("Limited.Client"), clientDone).AsTask());

        var onServer = Assert.Single(metrics.Of(RpcMetricNames.RateLimitRejections, (RpcTelemetryTags.RpcService, "Limited"), (RpcTelemetryTags.RpcMethod, "Server")));
        Assert.Equal(("server", "queue_full"), (onServer.Tags[RpcTelemetryTags.Side], onServer.Tags[RpcTelemetryTags.RateLimitReason]));
        var onClient = Assert.Single(metrics.Of(RpcMetricNames.RateLimitRejections, (RpcTelemetryTags.RpcService, "Limited"), (RpcTelemetryTags.RpcMethod, "Client")));
        Assert.Equal(("client", "queue_full"), (onClient.Tags[RpcTelemetryTags.Side], onClient.Tags[RpcTelemetryTags.RateLimitReason]));
    }

    private static void End(CircuitBreakerFilter breaker, InstanceState instance, RpcStatusCode status)
    {
        breaker.OnAttemptStarted(instance);
        breaker.OnAttemptEnded(instance, new AttemptOutcome(status, TimeSpan.FromMilliseconds(1)));
    }
}
