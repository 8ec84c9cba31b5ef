using PlugRpc.Discovery;

namespace PlugRpc.Core.Tests.Governance;

public sealed class InstanceStateTests
{
    [Fact]
    public void Outstanding_counts_attempts_started_and_not_ended()
    {
        var state = new InstanceState(new ServiceInstance("tcp://a:1"));
        state.AttemptStarted();
        state.AttemptStarted();
        state.AttemptEnded(new AttemptOutcome(RpcStatusCode.Ok, TimeSpan.FromMilliseconds(1)));

        Assert.Equal(1, state.Outstanding);
    }

    [Fact]
    public void A_caller_mistake_says_nothing_of_latency_and_an_instance_failure_counts_as_slow()
    {
        var mistaken = new InstanceState(new ServiceInstance("tcp://a:1"));
        mistaken.AttemptStarted();
        mistaken.AttemptEnded(new AttemptOutcome(RpcStatusCode.InvalidArgument, TimeSpan.FromMilliseconds(1)));
        Assert.Equal(TimeSpan.Zero, mistaken.EwmaLatency);

        var failing = new InstanceState(new ServiceInstance("tcp://b:1"));
        failing.AttemptStarted();
        failing.AttemptEnded(new AttemptOutcome(RpcStatusCode.Unavailable, TimeSpan.FromMilliseconds(1)));
        Assert.Equal(InstanceState.FailurePenalty, failing.EwmaLatency);
        Assert.Null(failing.LatencyP95);
    }

    [Fact]
    public void Latency_is_learnt_from_answers()
    {
        var state = new InstanceState(new ServiceInstance("tcp://a:1"));
        for (var i = 0; i < 50; i++)
        {
            state.AttemptStarted();
            state.AttemptEnded(new AttemptOutcome(RpcStatusCode.Ok, TimeSpan.FromMilliseconds(10)));
        }

        Assert.InRange(state.EwmaLatency.TotalMilliseconds, 9.5, 10.5);
    }

    [Fact]
    public async Task A_sample_a_second_after_the_one_before_replaces_the_average()
    {
        var state = new InstanceState(new ServiceInstance("tcp://a:1"));
        for (var i = 0; i < 100; i++)
        {
            state.AttemptStarted();
            state.AttemptEnded(new AttemptOutcome(RpcStatusCode.Ok, TimeSpan.FromMilliseconds(200)));
        }

        state.AttemptStarted();
        state.AttemptEnded(new AttemptOutcome(RpcStatusCode.Ok, TimeSpan.FromMilliseconds(1)));
        Assert.True(state.EwmaLatency > TimeSpan.FromMilliseconds(150), $"one quick answer among many moved the average to {state.EwmaLatency.TotalMilliseconds:0} ms");

        await Task.Delay(1100);
        state.AttemptStarted();
        state.AttemptEnded(new AttemptOutcome(RpcStatusCode.Ok, TimeSpan.FromMilliseconds(1)));

        Assert.Equal(TimeSpan.FromMilliseconds(1), state.EwmaLatency);
    }

    [Fact]
    public void The_p95_is_within_a_fifth_of_the_true_one()
    {
        var state = new InstanceState(new ServiceInstance("tcp://a:1"));
        Assert.Null(state.LatencyP95);
        for (var i = 1; i <= 1000; i++)
        {
            state.AttemptStarted();
            state.AttemptEnded(new AttemptOutcome(RpcStatusCode.Ok, TimeSpan.FromMilliseconds(i % 100 == 0 ? 100 : i % 50)));
        }

        // 95 % of these samples are at most 48 ms.
        Assert.InRange(state.LatencyP95!.Value.TotalMilliseconds, 40, 58);
    }

    [Fact]
    public void More_than_the_threshold_of_heartbeat_failures_in_a_row_degrade_and_one_success_restores()
    {
        var state = new InstanceState(new ServiceInstance("tcp://a:1"));
        Assert.False(state.HeartbeatFailed(2));
        Assert.False(state.HeartbeatFailed(2));
        Assert.False(state.Degraded);
        Assert.True(state.HeartbeatFailed(2));
        Assert.True(state.Degraded);
        Assert.False(state.HeartbeatFailed(2));

        state.HeartbeatSucceeded();

        Assert.False(state.Degraded);
        Assert.Equal(0, state.HeartbeatFailures);
    }

    [Fact]
    public void Weight_and_features_live_on_the_instance()
    {
        var state = new InstanceState(new ServiceInstance("tcp://a:1", new Dictionary<string, string> { [InstanceMetadataKeys.Weight] = "4" }));
        var key = new object();

        var first = state.GetFeature(key, _ => new List<int>());
        var again = state.GetFeature(key, _ => new List<int>());

        Assert.Equal(4, state.Weight);
        Assert.Same(first, again);
        state.Update(new ServiceInstance("tcp://a:1", new Dictionary<string, string> { [InstanceMetadataKeys.Weight] = "x" }));
        Assert.Equal(1, state.Weight);
    }
}
