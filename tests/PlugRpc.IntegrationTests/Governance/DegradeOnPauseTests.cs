using System.Collections.Concurrent;
using System.Diagnostics;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;

namespace PlugRpc.IntegrationTests.Governance;

/// <summary>
/// A host paused with SIGSTOP under a steady load (its sockets stay open, nothing answers): heartbeats degrade it,
/// the "degrade" filter keeps calls off it, failover rescues the calls it held, and SIGCONT brings it back.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class DegradeOnPauseTests : IAsyncLifetime
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(300);
    private readonly Fleet fleet;

    public DegradeOnPauseTests(SharedFleet shared)
    {
        fleet = shared.Fleet;
    }

    public Task InitializeAsync() => fleet.ResetAsync();

    public Task DisposeAsync() => fleet.ResetAsync();

    [Fact]
    public async Task A_paused_host_is_degraded_and_left_out_without_a_caller_waiting_past_its_timeout_and_serves_again_once_resumed()
    {
        var options = fleet.ClientOptions();
        options.Selector = "roundrobin";
        options.Filters = [FleetInstanceSpy.Name, "degrade"];
        options.FailMode = FailMode.FailOver;
        options.Retries = 2;
        options.RequestTimeout = RequestTimeout;
        options.Heartbeat = true;
        options.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
        options.HeartbeatDegradeThreshold = 2;
        options.HeartbeatTimeout = TimeSpan.FromMilliseconds(500);
        await using var client = FleetClient.Create(options);
        var paused = fleet[1];
        using var stop = new CancellationTokenSource();
        var outcomes = new ConcurrentQueue<(TimeSpan Took, string? Host, Exception? Failure)>();
        var load = Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = worker * 1_000_000L; !stop.IsCancellationRequested; i++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var reply = await client.WorkAsync(i, new CallOptions { Idempotent = true });
                    outcomes.Enqueue((Stopwatch.GetElapsedTime(started), reply.Host, null));
                }
                catch (Exception ex)
                {
                    outcomes.Enqueue((Stopwatch.GetElapsedTime(started), null, ex));
                }

                await Task.Delay(1);
            }
        })));

        try
        {
            await Eventually.TrueAsync(() => client.Spy.AttemptsOn(paused) > 50, "the host to pause served calls");
            var state = client.StateOf(paused);
            paused.Pause();
            await Eventually.TrueAsync(() => state.Degraded, "the paused host degraded");
            await Task.Delay(100);
            var attemptsOnceDegraded = client.Spy.AttemptsOn(paused);
            await Task.Delay(1500);
            Assert.True(state.Degraded, "the paused host came back while paused");
            Assert.Equal(attemptsOnceDegraded, client.Spy.AttemptsOn(paused));

            paused.Resume();
            await Eventually.TrueAsync(() => !state.Degraded && client.Spy.AttemptsOn(paused) > attemptsOnceDegraded, "the resumed host got calls again");
            var answeredBefore = outcomes.Count(o => o.Host == paused.Name);
            await Eventually.TrueAsync(() => outcomes.Count(o => o.Host == paused.Name) > answeredBefore + 10, "the resumed host answered calls");
        }
        finally
        {
            if (paused.Paused)
            {
                paused.Resume();
            }

            await stop.CancelAsync();
            await load;
        }

        var failures = outcomes.Where(o => o.Failure is not null).ToArray();
        Assert.True(failures.Length == 0, $"{failures.Length} of {outcomes.Count} calls failed, e.g. {failures.FirstOrDefault().Failure?.Message}");
        var longest = outcomes.Max(o => o.Took);
        Assert.True(longest <= RequestTimeout + Margin, $"a caller waited {longest.TotalMilliseconds:0} ms with a timeout of {RequestTimeout.TotalMilliseconds:0} ms");
    }
}
