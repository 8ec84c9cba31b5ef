using System.Diagnostics;
using PlugRpc.Components;
using PlugRpc.Filters;
using PlugRpc.Filters.RateLimit;

namespace PlugRpc.Plugins.Tests;

public sealed class RateLimitFilterTests
{
    private static readonly ServerCallHandler ServerDone = _ => ValueTask.CompletedTask;
    private static readonly ClientCallHandler ClientDone = _ => ValueTask.CompletedTask;

    [Fact]
    public async Task Over_the_limit_with_no_queue_a_call_is_refused_at_once()
    {
        using var filter = new RateLimitServerFilter(new RateLimitOptions { PermitsPerSecond = 0.5, Burst = 2 });

        await filter.InvokeAsync(new TestServerCall(), ServerDone);
        await filter.InvokeAsync(new TestServerCall(), ServerDone);
        var error = await Assert.ThrowsAsync<RpcException>(() => filter.InvokeAsync(new TestServerCall(), ServerDone).AsTask());

        Assert.Equal((RpcStatusCode.ResourceExhausted, "rate limit of 0.5 calls per second exceeded for ArithService.Add"), (error.StatusCode, error.Message));
    }

    [Fact]
    public async Task By_default_a_burst_is_a_fifth_of_a_seconds_permits()
    {
        using var filter = new RateLimitServerFilter(new RateLimitOptions { PermitsPerSecond = 50 });
        var passed = 0;

        for (var i = 0; i < 30; i++)
        {
            try
            {
                await filter.InvokeAsync(new TestServerCall(), ServerDone);
                passed++;
            }
            catch (RpcException ex) when (ex.StatusCode == RpcStatusCode.ResourceExhausted)
            {
            }
        }

        Assert.InRange(passed, 10, 12);
    }

    [Fact]
    public async Task With_the_queue_full_a_call_is_refused_at_once_while_the_queued_one_waits_its_turn()
    {
        using var filter = new RateLimitClientFilter(new RateLimitOptions { PermitsPerSecond = 4, Burst = 1, Queue = 1 });
        await filter.InvokeAsync(new TestClientCall(), ClientDone);

        var queued = filter.InvokeAsync(new TestClientCall(), ClientDone).AsTask();
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RpcException>(() => filter.InvokeAsync(new TestClientCall(), ClientDone).AsTask());
        var refusedAfter = watch.Elapsed;

        Assert.False(queued.IsCompleted);
        Assert.Equal((RpcStatusCode.ResourceExhausted, "rate limit of 4 calls per second exceeded for ArithService.Add"), (error.StatusCode, error.Message));
        Assert.True(refusedAfter < TimeSpan.FromMilliseconds(150), $"refused after {refusedAfter}");
        await queued.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_client_call_queued_past_its_deadline_fails_with_deadline_exceeded()
    {
        using var filter = new RateLimitClientFilter(new RateLimitOptions { PermitsPerSecond = 0.1, Burst = 1, Queue = 5 });
        await filter.InvokeAsync(new TestClientCall(), ClientDone);
        var reached = false;
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() => filter.InvokeAsync(new TestClientCall(timeout: TimeSpan.FromMilliseconds(200)), _ =>
        {
            reached = true;
            return ValueTask.CompletedTask;
        }).AsTask());

        Assert.False(reached);
        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal("ArithService.Add timed out after 200 ms waiting in the rate limit's queue", error.Message);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_client_call_cancelled_in_the_queue_is_cancelled()
    {
        using var filter = new RateLimitClientFilter(new RateLimitOptions { PermitsPerSecond = 0.1, Burst = 1, Queue = 5 });
        await filter.InvokeAsync(new TestClientCall(), ClientDone);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => filter.InvokeAsync(new TestClientCall(cancellationToken: cancel.Token), ClientDone).AsTask());
    }

    [Fact]
    public async Task A_server_call_queued_past_its_deadline_fails_with_deadline_exceeded()
    {
        using var filter = new RateLimitServerFilter(new RateLimitOptions { PermitsPerSecond = 0.1, Burst = 1, Queue = 5 });
        await filter.InvokeAsync(new TestServerCall(), ServerDone);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            filter.InvokeAsync(new TestServerCall(deadline: DateTime.UtcNow.AddMilliseconds(200)), ServerDone).AsTask());

        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal("request timed out: the deadline passed while ArithService.Add waited in the rate limit's queue", error.Message);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_server_call_whose_token_fires_at_its_deadline_fails_with_deadline_exceeded_and_one_whose_connection_closed_is_cancelled()
    {
        using var filter = new RateLimitServerFilter(new RateLimitOptions { PermitsPerSecond = 0.1, Burst = 1, Queue = 5 });
        await filter.InvokeAsync(new TestServerCall(), ServerDone);
        using var atDeadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        using var closed = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var timedOut = await Assert.ThrowsAsync<RpcException>(() =>
            filter.InvokeAsync(new TestServerCall(deadline: DateTime.UtcNow.AddMilliseconds(100), cancellationToken: atDeadline.Token), ServerDone).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            filter.InvokeAsync(new TestServerCall(cancellationToken: closed.Token), ServerDone).AsTask());

        Assert.Equal(RpcStatusCode.DeadlineExceeded, timedOut.StatusCode);
    }

    [Fact]
    public async Task A_method_with_a_limit_of_its_own_is_limited_apart_from_the_rest()
    {
        using var filter = new RateLimitServerFilter(new RateLimitOptions
        {
            PermitsPerSecond = 0.1,
            Burst = 1,
            Methods = { ["ArithService.Mul"] = new MethodRateLimitOptions { PermitsPerSecond = 0.2, Burst = 3 } },
        });

        await filter.InvokeAsync(new TestServerCall("ArithService.Add"), ServerDone);
        var add = await Assert.ThrowsAsync<RpcException>(() => filter.InvokeAsync(new TestServerCall("ArithService.Add"), ServerDone).AsTask());
        for (var i = 0; i < 3; i++)
        {
            await filter.InvokeAsync(new TestServerCall("ArithService.Mul"), ServerDone);
        }

        var mul = await Assert.ThrowsAsync<RpcException>(() => filter.InvokeAsync(new TestServerCall("ArithService.Mul"), ServerDone).AsTask());
        var minus = await Assert.ThrowsAsync<RpcException>(() => filter.InvokeAsync(new TestServerCall("ArithService.Minus"), ServerDone).AsTask());

        Assert.Equal("rate limit of 0.1 calls per second exceeded for ArithService.Add", add.Message);
        Assert.Equal("rate limit of 0.2 calls per second exceeded for ArithService.Mul", mul.Message);
        Assert.Equal("rate limit of 0.1 calls per second exceeded for ArithService.Minus", minus.Message);
    }

    [Fact]
    public async Task Per_caller_each_caller_and_else_each_host_has_a_limit_of_its_own()
    {
        using var filter = new RateLimitServerFilter(new RateLimitOptions { PermitsPerSecond = 0.1, Burst = 1, PerCaller = true });

        await filter.InvokeAsync(Call("token#aaaaaaaa", "127.0.0.1:1000"), ServerDone);
        await filter.InvokeAsync(Call("token#bbbbbbbb", "127.0.0.1:1000"), ServerDone);
        await filter.InvokeAsync(Call(null, "127.0.0.2:1000"), ServerDone);
        await filter.InvokeAsync(Call(null, "[::1]:1000"), ServerDone);
        var again = await Assert.ThrowsAsync<RpcException>(() => filter.InvokeAsync(Call("token#aaaaaaaa", "127.0.0.9:1"), ServerDone).AsTask());
        var sameHost = await Assert.ThrowsAsync<RpcException>(() => filter.InvokeAsync(Call(null, "127.0.0.2:2000"), ServerDone).AsTask());

        Assert.Equal("rate limit of 0.1 calls per second exceeded for ArithService.Add by token#aaaaaaaa", again.Message);
        Assert.Equal("rate limit of 0.1 calls per second exceeded for ArithService.Add by 127.0.0.2", sameHost.Message);

        static TestServerCall Call(string? caller, string from) => new(remoteEndPoint: from) { Caller = caller };
    }

    [Fact]
    public async Task A_call_within_the_limit_goes_through_without_allocating()
    {
        using var filter = new RateLimitServerFilter(new RateLimitOptions { PermitsPerSecond = 1_000_000, Burst = 10_000 });
        var call = new TestServerCall();
        await filter.InvokeAsync(call, ServerDone);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            await filter.InvokeAsync(call, ServerDone);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void The_plugin_registers_a_client_and_a_server_filter_under_one_name()
    {
        using var container = PluginContainer.Build(b => b.AddPlugin<RateLimitPlugin>(PluginContainer.Json("""{"permitsPerSecond": 10, "queue": 2}""")));

        Assert.IsType<RateLimitClientFilter>(container.CreateClientFilter("ratelimit"));
        Assert.IsType<RateLimitServerFilter>(container.CreateServerFilter("ratelimit"));
        Assert.NotSame(container.CreateServerFilter("ratelimit"), container.CreateServerFilter("ratelimit", ServerSideOptions.Default));
    }

    [Theory]
    [InlineData("""{}""", "ratelimit: settings.permitsPerSecond is missing; say how many calls a second to allow, e.g. 100")]
    [InlineData("""{"permitsPerSecond": 0}""", "ratelimit: settings.permitsPerSecond must be more than 0 and at most 1e9, not 0")]
    [InlineData("""{"permitsPerSecond": -5}""", "ratelimit: settings.permitsPerSecond must be more than 0 and at most 1e9, not -5")]
    [InlineData("""{"permitsPerSecond": 10, "queue": -1}""", "ratelimit: settings.queue must be at least 0, not -1")]
    [InlineData("""{"permitsPerSecond": 10, "burst": 0}""", "ratelimit: settings.burst must be at least 1, not 0")]
    [InlineData("""{"permitsPerSecond": 10, "methods": {"Add": {"permitsPerSecond": 1}}}""", "ratelimit: settings.methods key 'Add' is not Service.Method")]
    [InlineData("""{"permitsPerSecond": 10, "methods": {"ArithService.": {}}}""", "ratelimit: settings.methods key 'ArithService.' is not Service.Method")]
    [InlineData("""{"permitsPerSecond": 10, "methods": {"ArithService.Add": {"permitsPerSecond": 0}}}""", "ratelimit: settings.methods.ArithService.Add.permitsPerSecond must be more than 0 and at most 1e9, not 0")]
    [InlineData("""{"permitsPerSecond": 10, "methods": {"ArithService.Add": {"queue": -2}}}""", "ratelimit: settings.methods.ArithService.Add.queue must be at least 0, not -2")]
    [InlineData("""{"permitsPerSecond": 10, "methods": {"ArithService.Add": null}}""", "ratelimit: settings.methods.ArithService.Add is null; give it an object such as {\"permitsPerSecond\": 100}")]
    public void Bad_settings_are_named(string settings, string expected) =>
        Assert.Equal(expected, PluginContainer.SettingsError<RateLimitPlugin>(settings));

    [Fact]
    public void Settings_of_the_wrong_shape_are_named()
    {
        var message = PluginContainer.SettingsError<RateLimitPlugin>("""{"permitsPerSecond": "fast"}""");

        Assert.Equal("settings.permitsPerSecond must be a number", message);
    }
}
