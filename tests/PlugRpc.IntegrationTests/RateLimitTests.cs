using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Autofac;
using PlugRpc.Components;
using PlugRpc.Filters.Auth;
using PlugRpc.Filters.RateLimit;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;
using PlugRpc.Plugins;

namespace PlugRpc.IntegrationTests;

/// <summary>The ratelimit filter on a real server and a real client: rates held over seconds, queues, deadlines, partitions.</summary>
public sealed class RateLimitTests
{
    private static readonly TimeSpan Run = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData("server")]
    [InlineData("client")]
    public async Task A_filter_holds_its_rate_against_many_callers(string side)
    {
        await using var bed = await TestBed.StartAsync(
            configureServer: s => s.Filters = side == "server" ? ["auth", "ratelimit"] : ["auth"],
            configureClient: c => c.Filters = side == "client" ? ["auth", "ratelimit"] : ["auth"],
            extra: Limit("""{"permitsPerSecond": 50, "burst": 100, "queue": 0}"""));

        var outcomes = await HammerAsync(bed, callers: 10);

        AssertHeld(outcomes, permitsPerSecond: 50);
    }

    [Fact]
    public async Task A_server_serves_queued_calls_in_turn_and_refuses_at_once_past_a_full_queue()
    {
        await using var bed = await TestBed.StartAsync(
            configureServer: s => s.Filters = ["auth", "ratelimit"],
            extra: Limit("""{"permitsPerSecond": 4, "burst": 1, "queue": 2}"""));
        await bed.AddAsync(1, 1);
        var watch = Stopwatch.StartNew();

        var queued = new[] { bed.AddAsync(1, 2), bed.AddAsync(1, 3) };
        await Task.Delay(100);
        var refused = await Assert.ThrowsAsync<RpcException>(() => bed.AddAsync(1, 4));
        var refusedAfter = watch.Elapsed;
        var sums = await Task.WhenAll(queued).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal((RpcStatusCode.ResourceExhausted, "rate limit of 4 calls per second exceeded for ArithService.Add"), (refused.StatusCode, refused.Message));
        Assert.True(refusedAfter < TimeSpan.FromMilliseconds(400), $"refused after {refusedAfter}: a full queue must refuse at once");
        Assert.Equal([3, 4], sums.Select(s => s.Reply));
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(300), $"two queued calls at 4 a second took only {watch.Elapsed}");
    }

    [Fact]
    public async Task A_call_queued_on_the_client_past_its_deadline_fails_with_deadline_exceeded()
    {
        await using var bed = await TestBed.StartAsync(
            configureClient: c => c.Filters = ["auth", "ratelimit"],
            extra: Limit("""{"permitsPerSecond": 0.2, "burst": 1, "queue": 5}"""));
        await bed.AddAsync(1, 1);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() => bed.AddAsync(1, 2, new CallOptions { Timeout = TimeSpan.FromMilliseconds(300) }));

        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal("ArithService.Add timed out after 300 ms waiting in the rate limit's queue", error.Message);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task A_method_with_its_own_limit_is_limited_apart()
    {
        await using var bed = await TestBed.StartAsync(
            configureServer: s => s.Filters = ["auth", "ratelimit"],
            extra: Limit("""{"permitsPerSecond": 1000, "methods": {"ArithService.Mul": {"permitsPerSecond": 0.5, "burst": 2, "queue": 0}}}"""));
        var arith = bed.Client.CreateProxy<Samples.Arith.IArithService>();

        await arith.Mul(new Samples.Arith.ArithRequest { A = 2, B = 3 });
        await arith.Mul(new Samples.Arith.ArithRequest { A = 2, B = 3 });
        var refused = await Assert.ThrowsAsync<RpcException>(() => arith.Mul(new Samples.Arith.ArithRequest { A = 2, B = 3 }));
        var sums = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => bed.AddAsync(i, 1)));

        Assert.Equal("rate limit of 0.5 calls per second exceeded for ArithService.Mul", refused.Message);
        Assert.Equal(20, sums.Length);
    }

    [Fact]
    public async Task Per_caller_each_token_has_the_limit_to_itself()
    {
        const string other = "other02";
        await using var bed = await TestBed.StartAsync(
            configureServer: s => s.Filters = ["auth", "ratelimit"],
            extra: b =>
            {
                b.AddPlugin<AuthPlugin>(Json($$"""{"tokens": ["{{TestBed.Token}}", "{{other}}"], "token": "{{TestBed.Token}}"}"""));
                b.AddPlugin<RateLimitPlugin>(Json("""{"permitsPerSecond": 0.5, "burst": 3, "queue": 0, "perCaller": true}"""));
            });
        await using var otherClient = bed.Container.CreateRpcClient(new ClientOptions { Addresses = [bed.Address], Filters = ["auth"], Auth = other });

        var first = await OutcomesAsync(() => bed.AddAsync(1, 2), 6);
        var second = await OutcomesAsync(() => otherClient.CallAsync<Samples.Arith.ArithRequest, Samples.Arith.ArithResponse>("ArithService.Add", new() { A = 1, B = 2 }), 3);

        Assert.Equal(3, first.Count(s => s == RpcStatusCode.Ok));
        Assert.Equal(3, first.Count(s => s == RpcStatusCode.ResourceExhausted));
        Assert.All(second, s => Assert.Equal(RpcStatusCode.Ok, s));
    }

    private static Action<ContainerBuilder> Limit(string settings) => b => b.AddPlugin<RateLimitPlugin>(Json(settings));

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static async Task<List<RpcStatusCode>> OutcomesAsync(Func<Task> call, int count)
    {
        var outcomes = new List<RpcStatusCode>();
        for (var i = 0; i < count; i++)
        {
            try
            {
                await call();
                outcomes.Add(RpcStatusCode.Ok);
            }
            catch (RpcException ex)
            {
                outcomes.Add(ex.StatusCode);
            }
        }

        return outcomes;
    }

    /// <summary>
    /// Callers each calling every 20 ms or so, far more than the limit, until <see cref="Run"/> has passed since the
    /// first refusal (the bucket is empty from then on): the outcomes of the calls started in that time. A pause of
    /// the whole process (seen now and then on 2 cores, up to about a second) stops the callers, not the bucket, which
    /// a burst of two seconds' permits absorbs; the bucket is empty at the first refusal, so the burst adds nothing.
    /// </summary>
    private static async Task<List<(RpcStatusCode Status, string Message)>> HammerAsync(TestBed bed, int callers)
    {
        await bed.AddAsync(0, 0);
        var outcomes = new ConcurrentQueue<(long StartedAt, RpcStatusCode Status, string Message)>();
        var watch = Stopwatch.StartNew();
        var firstRefusal = long.MaxValue;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async c =>
        {
            while (watch.ElapsedMilliseconds < Math.Min(Interlocked.Read(ref firstRefusal), 2_000) + (long)Run.TotalMilliseconds)
            {
                var startedAt = watch.ElapsedMilliseconds;
                try
                {
                    await bed.AddAsync(c, 1);
                    outcomes.Enqueue((startedAt, RpcStatusCode.Ok, string.Empty));
                }
                catch (RpcException ex)
                {
                    outcomes.Enqueue((startedAt, ex.StatusCode, ex.Message));
                    InterlockedMin(ref firstRefusal, startedAt);
                }

                await Task.Delay(20);
            }
        }));

        Assert.True(firstRefusal < 2_000, "no call was refused in the first two seconds");
        return outcomes.Where(o => o.StartedAt >= firstRefusal && o.StartedAt < firstRefusal + Run.TotalMilliseconds).Select(o => (o.Status, o.Message)).ToList();
    }

    private static void InterlockedMin(ref long target, long value)
    {
        var seen = Interlocked.Read(ref target);
        while (value < seen && Interlocked.CompareExchange(ref target, value, seen) is var found && found != seen)
        {
            seen = found;
        }
    }

    private static void AssertHeld(List<(RpcStatusCode Status, string Message)> outcomes, int permitsPerSecond)
    {
        var expected = permitsPerSecond * Run.TotalSeconds;
        var passed = outcomes.Count(o => o.Status == RpcStatusCode.Ok);
        var refused = outcomes.Where(o => o.Status != RpcStatusCode.Ok).ToList();

        Assert.True(outcomes.Count > 3 * expected, $"only {outcomes.Count} calls were tried; the test must offer well over the limit");
        Assert.True(passed >= expected * 0.9 && passed <= expected * 1.1, $"{passed} of {outcomes.Count} calls passed in {Run}; {expected} ± 10 % should");
        Assert.All(refused, o => Assert.Equal(
            (RpcStatusCode.ResourceExhausted, $"rate limit of {permitsPerSecond} calls per second exceeded for ArithService.Add"), o));
    }
}
