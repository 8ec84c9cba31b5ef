using PlugRpc.Components;
using PlugRpc.Discovery;
using PlugRpc.Filters;
using PlugRpc.Filters.CircuitBreaker;

namespace PlugRpc.Plugins.Tests;

public sealed class CircuitBreakerFilterTests
{
    private static readonly TimeSpan CoolDown = TimeSpan.FromSeconds(5);
    private readonly ManualClock clock = new();
    private readonly InstanceState instance = new(new ServiceInstance("tcp://127.0.0.1:1"));
    private readonly TestClientCall call = new();

    [Fact]
    public void It_opens_at_exactly_the_threshold_of_failures_within_the_window()
    {
        var breaker = Breaker(threshold: 3);

        Fail(breaker, RpcStatusCode.Unavailable);
        Fail(breaker, RpcStatusCode.DeadlineExceeded);
        Assert.Equal(BreakerState.Closed, instance.Breaker);
        Assert.True(breaker.Allows(instance, call));

        Fail(breaker, RpcStatusCode.Internal);

        Assert.Equal(BreakerState.Open, instance.Breaker);
        Assert.False(breaker.Allows(instance, call));
        Assert.Equal("circuit breaker open", breaker.Reason);
    }

    [Fact]
    public void Failures_spread_wider_than_the_window_do_not_open_it()
    {
        var breaker = Breaker(threshold: 3);

        Fail(breaker, RpcStatusCode.Unavailable);
        clock.Advance(TimeSpan.FromMilliseconds(600));
        Fail(breaker, RpcStatusCode.Unavailable);
        clock.Advance(TimeSpan.FromMilliseconds(600));
        Fail(breaker, RpcStatusCode.Unavailable);
        Assert.Equal(BreakerState.Closed, instance.Breaker);

        clock.Advance(TimeSpan.FromMilliseconds(100));
        Fail(breaker, RpcStatusCode.Unavailable);

        Assert.Equal(BreakerState.Open, instance.Breaker);
    }

    [Fact]
    public void It_stays_open_through_the_cool_down_then_lets_one_probe_through()
    {
        var breaker = Opened(Breaker(threshold: 2));

        clock.Advance(CoolDown - TimeSpan.FromMilliseconds(1));
        Assert.False(breaker.Allows(instance, call));
        Assert.Equal(BreakerState.Open, instance.Breaker);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(breaker.Allows(instance, call));
        Assert.Equal(BreakerState.HalfOpen, instance.Breaker);

        breaker.OnAttemptStarted(instance);
        Assert.False(breaker.Allows(instance, call));
    }

    [Fact]
    public void A_probe_answered_closes_it()
    {
        var breaker = HalfOpened(Breaker(threshold: 2));
        breaker.OnAttemptStarted(instance);

        breaker.OnAttemptEnded(instance, new AttemptOutcome(RpcStatusCode.Ok, TimeSpan.FromMilliseconds(1)));

        Assert.Equal(BreakerState.Closed, instance.Breaker);
        Assert.True(breaker.Allows(instance, call));
        Fail(breaker, RpcStatusCode.Unavailable);
        Assert.Equal(BreakerState.Closed, instance.Breaker);
    }

    [Fact]
    public void A_probe_failed_opens_it_again_for_a_new_cool_down()
    {
        var breaker = HalfOpened(Breaker(threshold: 2));
        breaker.OnAttemptStarted(instance);

        Fail(breaker, RpcStatusCode.Unavailable);

        Assert.Equal(BreakerState.Open, instance.Breaker);
        Assert.False(breaker.Allows(instance, call));
        clock.Advance(CoolDown - TimeSpan.FromMilliseconds(1));
        Assert.False(breaker.Allows(instance, call));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(breaker.Allows(instance, call));
        Assert.Equal(BreakerState.HalfOpen, instance.Breaker);
    }

    [Fact]
    public void Half_open_lets_as_many_probes_as_configured_at_once_and_a_cancelled_one_frees_its_place()
    {
        var breaker = HalfOpened(Breaker(threshold: 1, probes: 2));

        breaker.OnAttemptStarted(instance);
        Assert.True(breaker.Allows(instance, call));
        breaker.OnAttemptStarted(instance);
        Assert.False(breaker.Allows(instance, call));

        breaker.OnAttemptEnded(instance, new AttemptOutcome(RpcStatusCode.Cancelled, TimeSpan.Zero));

        Assert.Equal(BreakerState.HalfOpen, instance.Breaker);
        Assert.True(breaker.Allows(instance, call));
    }

    [Theory]
    [InlineData(RpcStatusCode.InvalidArgument)]
    [InlineData(RpcStatusCode.NotFound)]
    [InlineData(RpcStatusCode.PermissionDenied)]
    [InlineData(RpcStatusCode.Unauthenticated)]
    [InlineData(RpcStatusCode.ResourceExhausted)]
    [InlineData(RpcStatusCode.FailedPrecondition)]
    [InlineData(RpcStatusCode.Cancelled)]
    public void Caller_mistakes_do_not_count(RpcStatusCode status)
    {
        var breaker = Breaker(threshold: 3);

        for (var i = 0; i < 50; i++)
        {
            Fail(breaker, status);
        }

        Assert.Equal(BreakerState.Closed, instance.Breaker);
        Assert.True(breaker.Allows(instance, call));
    }

    [Fact]
    public void A_caller_mistake_answering_a_probe_shows_the_instance_is_up()
    {
        var breaker = HalfOpened(Breaker(threshold: 1));
        breaker.OnAttemptStarted(instance);

        Fail(breaker, RpcStatusCode.InvalidArgument);

        Assert.Equal(BreakerState.Closed, instance.Breaker);
    }

    [Fact]
    public void Each_instance_has_a_breaker_of_its_own()
    {
        var breaker = Opened(Breaker(threshold: 2));
        var other = new InstanceState(new ServiceInstance("tcp://127.0.0.1:2"));

        Assert.False(breaker.Allows(instance, call));
        Assert.True(breaker.Allows(other, call));
        Assert.Equal(BreakerState.Closed, other.Breaker);
    }

    [Fact]
    public void A_closed_breaker_allocates_nothing_on_the_call_path()
    {
        var breaker = Breaker(threshold: 3);
        var answered = new AttemptOutcome(RpcStatusCode.Ok, TimeSpan.FromMilliseconds(1));
        Pass(breaker, answered);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Pass(breaker, answered);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void The_plugin_makes_one_per_client_from_its_threshold_and_window()
    {
        using var container = PluginContainer.Build(b => b.AddPlugin<CircuitBreakerPlugin>(PluginContainer.Json("""{"coolDown": "2s", "halfOpenProbes": 2}""")));
        var side = new ClientSideOptions { CircuitBreakerThreshold = 2, CircuitBreakerWindow = TimeSpan.FromSeconds(10) };

        var breaker = Assert.IsType<CircuitBreakerFilter>(container.CreateInstanceFilter("breaker", side));
        var observer = Assert.IsAssignableFrom<IAttemptObserver>(breaker);
        observer.OnAttemptEnded(instance, new AttemptOutcome(RpcStatusCode.Unavailable, TimeSpan.Zero));
        observer.OnAttemptEnded(instance, new AttemptOutcome(RpcStatusCode.Unavailable, TimeSpan.Zero));

        Assert.Equal(BreakerState.Open, instance.Breaker);
        Assert.NotSame(breaker, container.CreateInstanceFilter("breaker", side));
    }

    [Theory]
    [InlineData("""{"coolDown": "0s"}""", "breaker: settings.coolDown must be positive, not 00:00:00")]
    [InlineData("""{"halfOpenProbes": 0}""", "breaker: settings.halfOpenProbes must be at least 1, not 0")]
    public void Bad_settings_are_named(string settings, string expected) =>
        Assert.Equal(expected, PluginContainer.SettingsError<CircuitBreakerPlugin>(settings));

    private CircuitBreakerFilter Breaker(int threshold, int probes = 1) =>
        new(threshold, TimeSpan.FromSeconds(1), CoolDown, probes, clock);

    private CircuitBreakerFilter Opened(CircuitBreakerFilter breaker)
    {
        while (instance.Breaker != BreakerState.Open)
        {
            Fail(breaker, RpcStatusCode.Unavailable);
        }

        return breaker;
    }

    private CircuitBreakerFilter HalfOpened(CircuitBreakerFilter breaker)
    {
        Opened(breaker);
        clock.Advance(CoolDown);
        Assert.True(breaker.Allows(instance, call));
        Assert.Equal(BreakerState.HalfOpen, instance.Breaker);
        return breaker;
    }

    /// <summary>An attempt as the framework reports it: allowed, started, ended with <paramref name="status"/>.</summary>
    private void Fail(CircuitBreakerFilter breaker, RpcStatusCode status)
    {
        breaker.OnAttemptStarted(instance);
        breaker.OnAttemptEnded(instance, new AttemptOutcome(status, TimeSpan.FromMilliseconds(1)));
    }

    private void Pass(CircuitBreakerFilter breaker, AttemptOutcome answered)
    {
        Assert.True(breaker.Allows(instance, call));
        breaker.OnAttemptStarted(instance);
        breaker.OnAttemptEnded(instance, answered);
    }
}
