using PlugRpc.Fixtures.Fleet;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;

namespace PlugRpc.IntegrationTests.Governance;

/// <summary>failbackup's backup request cutting the tail that one slow host makes, against failfast over the same fleet.</summary>
[Collection(FleetCollection.Name)]
public sealed class FailbackupTests : IAsyncLifetime
{
    private const int Calls = 600;
    private readonly Fleet fleet;

    public FailbackupTests(SharedFleet shared)
    {
        fleet = shared.Fleet;
    }

    public Task InitializeAsync() => fleet.ResetAsync();

    public Task DisposeAsync() => fleet.ResetAsync();

    [Fact]
    public async Task A_backup_after_20_ms_cuts_the_p99_of_a_fleet_with_a_host_slow_on_every_fifth_call()
    {
        // Round robin sends the slow host its third of first attempts whatever it measured, so both runs meet it alike.
        await fleet.BehaveAsync(fleet[0], new Behaviour { DelayMs = 200, SlowEvery = 5 });
        var failfast = await P99Async(FailMode.FailFast);
        var failbackup = await P99Async(FailMode.FailBackup);

        Assert.True(failfast >= TimeSpan.FromMilliseconds(200), $"failfast's p99 {failfast.TotalMilliseconds:0} ms: the slow host did not slow the fleet");
        Assert.True(failbackup < failfast / 2, $"failbackup's p99 {failbackup.TotalMilliseconds:0} ms, failfast's {failfast.TotalMilliseconds:0} ms");
    }

    private async Task<TimeSpan> P99Async(FailMode mode)
    {
        var options = fleet.ClientOptions();
        options.Selector = "roundrobin";
        options.FailMode = mode;
        options.Retries = 1;
        options.BackupDelay = TimeSpan.FromMilliseconds(20);
        await using var client = FleetClient.Create(options);
        var load = await FleetLoad.RunAsync(Calls, 8, i => client.WorkAsync(i, new CallOptions { Idempotent = true }));
        Assert.True(!load.Failures.Any(), $"{mode}: {load.FailureSummary()}");
        return load.Percentile(0.99);
    }
}
