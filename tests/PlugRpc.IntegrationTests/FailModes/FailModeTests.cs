using System.Diagnostics;
using PlugRpc.Options;

namespace PlugRpc.IntegrationTests.FailModes;

/// <summary>Each fail mode over real sockets: what is retried, where, how often, and within which deadline.</summary>
public sealed class FailModeTests
{
    [Fact]
    public async Task Failfast_hands_the_first_failure_to_the_caller()
    {
        await using var fleet = await FlakyFleet.StartAsync(1);
        fleet.Services[0].FailNext(1);
        var client = fleet.Client(o => o.FailMode = FailMode.FailFast);

        var error = await Assert.ThrowsAsync<RpcException>(() => FlakyFleet.AddAsync(client, 1, 2));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Equal(1, fleet.Services[0].Calls);
    }

    [Fact]
    public async Task Failover_moves_a_refused_connection_to_an_instance_not_tried_yet()
    {
        await using var fleet = await FlakyFleet.StartAsync(1);
        var failover = fleet.Client(o =>
        {
            o.Addresses = [FlakyFleet.DeadAddress(), fleet.Addresses[0]];
            o.FailMode = FailMode.FailOver;
        });
        var failfast = fleet.Client(o => o.Addresses = [FlakyFleet.DeadAddress(), fleet.Addresses[0]]);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(i + 1, (await FlakyFleet.AddAsync(failover, i, 1)).Reply);
        }

        var failed = 0;
        for (var i = 0; i < 20; i++)
        {
            try
            {
                await FlakyFleet.AddAsync(failfast, i, 1);
            }
            catch (RpcException ex) when (ex.StatusCode == RpcStatusCode.Unavailable)
            {
                failed++;
            }
        }

        Assert.InRange(failed, 5, 15);
    }

    [Fact]
    public async Task Failretry_tries_the_same_instance_again()
    {
        await using var fleet = await FlakyFleet.StartAsync(2);
        fleet.Services[0].FailNext(2);
        fleet.Services[1].FailNext(2);
        var client = fleet.Client(o =>
        {
            o.Selector = "hash";
            o.FailMode = FailMode.FailRetry;
            o.Retries = 2;
        });

        var reply = await FlakyFleet.AddAsync(client, 2, 3, new CallOptions { RoutingKey = "tenant-7" });

        Assert.Equal(5, reply.Reply);
        Assert.Equal([0, 3], fleet.Services.Select(s => s.Calls).Order());
    }

    [Theory]
    [InlineData(RpcStatusCode.InvalidArgument)]
    [InlineData(RpcStatusCode.NotFound)]
    [InlineData(RpcStatusCode.PermissionDenied)]
    [InlineData(RpcStatusCode.Unauthenticated)]
    [InlineData(RpcStatusCode.Internal)]
    public async Task A_caller_mistake_or_an_application_error_is_never_retried(RpcStatusCode status)
    {
        await using var fleet = await FlakyFleet.StartAsync(2);
        fleet.Services.ForEach(s =>
        {
            s.FailWith = status;
            s.FailNext(1);
        });
        var client = fleet.Client(o => o.FailMode = FailMode.FailOver);

        var error = await Assert.ThrowsAsync<RpcException>(() => FlakyFleet.AddAsync(client, 1, 2, new CallOptions { Idempotent = true }));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(1, fleet.Services.Sum(s => s.Calls));
    }

    [Fact]
    public async Task Failsafe_answers_a_default_response_instead_of_the_failure()
    {
        await using var fleet = await FlakyFleet.StartAsync(1);
        var client = fleet.Client(o =>
        {
            o.Addresses = [FlakyFleet.DeadAddress()];
            o.FailMode = FailMode.FailSafe;
        });

        var reply = await FlakyFleet.AddAsync(client, 1, 2);

        Assert.NotNull(reply);
        Assert.Equal(0, reply.Reply);
    }

    [Fact]
    public async Task Failbackup_answers_from_a_second_instance_when_the_first_is_slow()
    {
        await using var fleet = await FlakyFleet.StartAsync(2);
        fleet.Services[0].Delay = TimeSpan.FromMilliseconds(600);
        var backup = fleet.Client(o =>
        {
            o.FailMode = FailMode.FailBackup;
            o.Retries = 1;
            o.BackupDelay = TimeSpan.FromMilliseconds(30);
        });
        var plain = fleet.Client(_ => { });
        var idempotent = new CallOptions { Idempotent = true };
        fleet.Services[0].Delay = TimeSpan.Zero;
        for (var i = 0; i < 4; i++)
        {
            await FlakyFleet.AddAsync(backup, i, 2, idempotent);
            await FlakyFleet.AddAsync(plain, i, 2);
        }

        fleet.Services[0].Delay = TimeSpan.FromMilliseconds(600);
        var before = fleet.Services[0].Calls;
        var slowWithBackups = 0;
        for (var i = 0; i < 8; i++)
        {
            var started = Stopwatch.GetTimestamp();
            Assert.Equal(i + 2, (await FlakyFleet.AddAsync(backup, i, 2, idempotent)).Reply);
            slowWithBackups += Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(550) ? 1 : 0;
        }

        var slowWithout = 0;
        for (var i = 0; i < 8; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await FlakyFleet.AddAsync(plain, i, 2);
            slowWithout += Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(550) ? 1 : 0;
        }

        // Half the first attempts go to the slow server; a backup rescues them (a loaded machine may delay one timer).
        Assert.True(fleet.Services[0].Calls - before >= 6, $"the slow server got {fleet.Services[0].Calls - before} of the first attempts");
        Assert.True(slowWithBackups <= 1, $"{slowWithBackups} of 8 calls with backups waited for the slow server");
        Assert.True(slowWithout >= 3, $"only {slowWithout} of 8 calls without backups waited for the slow server");
    }

    [Fact]
    public async Task Failbackup_sends_a_backup_only_for_an_idempotent_call_so_that_no_other_runs_twice()
    {
        await using var fleet = await FlakyFleet.StartAsync(2);
        var client = fleet.Client(o =>
        {
            o.FailMode = FailMode.FailBackup;
            o.Retries = 1;
            o.BackupDelay = TimeSpan.FromMilliseconds(30);
        });
        await FlakyFleet.AddAsync(client, 0, 0);
        await FlakyFleet.AddAsync(client, 0, 0);
        fleet.Services[0].Delay = TimeSpan.FromMilliseconds(300);
        fleet.Services[1].Delay = TimeSpan.FromMilliseconds(300);
        var before = fleet.Services.Sum(s => s.Calls);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(i + 2, (await FlakyFleet.AddAsync(client, i, 2)).Reply);
        }

        await Task.Delay(100);
        Assert.Equal(4, fleet.Services.Sum(s => s.Calls) - before);

        before = fleet.Services.Sum(s => s.Calls);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(i + 2, (await FlakyFleet.AddAsync(client, i, 2, new CallOptions { Idempotent = true })).Reply);
        }

        await Task.Delay(100);
        Assert.Equal(8, fleet.Services.Sum(s => s.Calls) - before);
    }

    [Fact]
    public async Task The_retry_budget_caps_retries_when_every_call_fails()
    {
        await using var fleet = await FlakyFleet.StartAsync(1);
        fleet.Services[0].FailNext(int.MaxValue);
        var client = fleet.Client(o =>
        {
            o.FailMode = FailMode.FailOver;
            o.Retries = 2;
            o.RetryBudgetRatio = 0;
            o.RetryBudgetMinimum = 3;
        });

        for (var i = 0; i < 10; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => FlakyFleet.AddAsync(client, 1, 2));
        }

        Assert.Equal(13, fleet.Services[0].Calls);
    }

    [Fact]
    public async Task All_attempts_share_the_calls_one_deadline()
    {
        await using var fleet = await FlakyFleet.StartAsync(1);
        fleet.Services[0].FailNext(int.MaxValue);
        var client = fleet.Client(o =>
        {
            o.FailMode = FailMode.FailRetry;
            o.Retries = 10;
            o.RetryBackoff = TimeSpan.FromMilliseconds(100);
            o.RetryBackoffMax = TimeSpan.FromMilliseconds(100);
            o.RetryBudgetMinimum = 100;
            o.RequestTimeout = TimeSpan.FromMilliseconds(250);
        });

        var started = Stopwatch.GetTimestamp();
        var error = await Assert.ThrowsAsync<RpcException>(() => FlakyFleet.AddAsync(client, 1, 2));
        var took = Stopwatch.GetElapsedTime(started);

        Assert.Contains(error.StatusCode, new[] { RpcStatusCode.Unavailable, RpcStatusCode.DeadlineExceeded });
        Assert.True(took < TimeSpan.FromMilliseconds(700), $"ten retries 100 ms apart ran for {took.TotalMilliseconds:0} ms past a 250 ms deadline");
        // Each pause is 50–100 ms (jitter over the upper half), so 250 ms hold at most the first attempt and five retries.
        Assert.InRange(fleet.Services[0].Calls, 2, 6);
    }

    [Fact]
    public async Task A_timed_out_attempt_is_retried_elsewhere_only_for_an_idempotent_call()
    {
        await using var fleet = await FlakyFleet.StartAsync(2);
        fleet.Services[0].Delay = TimeSpan.FromSeconds(3);
        void Configure(ClientOptions o)
        {
            o.FailMode = FailMode.FailOver;
            o.Retries = 1;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(150);
            o.RequestTimeout = TimeSpan.FromSeconds(2);
        }

        var idempotent = fleet.Client(Configure);
        var plain = fleet.Client(Configure);

        var timedOut = 0;
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(i + 1, (await FlakyFleet.AddAsync(idempotent, i, 1, new CallOptions { Idempotent = true })).Reply);
            try
            {
                await FlakyFleet.AddAsync(plain, i, 1);
            }
            catch (RpcException ex) when (ex.StatusCode == RpcStatusCode.DeadlineExceeded)
            {
                timedOut++;
            }
        }

        Assert.InRange(timedOut, 1, 5);
    }
}
