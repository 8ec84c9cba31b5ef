using PlugRpc.Fixtures.Fleet;
using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests.Governance;

/// <summary>The default selector, p2c, moving load away from a host that answers slowly.</summary>
[Collection(FleetCollection.Name)]
public sealed class P2cSlowHostTests : IAsyncLifetime
{
    private readonly Fleet fleet;

    public P2cSlowHostTests(SharedFleet shared)
    {
        fleet = shared.Fleet;
    }

    public Task InitializeAsync() => fleet.ResetAsync();

    public Task DisposeAsync() => fleet.ResetAsync();

    [Fact]
    public async Task A_host_that_takes_50_ms_per_call_gets_well_under_a_third_of_the_calls()
    {
        var slow = fleet[1];
        await fleet.BehaveAsync(slow, new Behaviour { DelayMs = 50 });
        await using var client = FleetClient.Create(fleet.ClientOptions());
        var warmUp = await FleetLoad.RunAsync(100, 16, i => client.WorkAsync(i));
        Assert.Empty(warmUp.Failures);

        const int Calls = 600;
        var load = await FleetLoad.RunAsync(Calls, 16, i => client.WorkAsync(i));

        Assert.True(!load.Failures.Any(), load.FailureSummary());
        var shares = load.CountBy(r => r.Host);
        var slowShare = shares.GetValueOrDefault(slow.Name);
        Assert.True(slowShare < Calls * 0.15, $"the slow host got {slowShare} of {Calls} calls: {string.Join(", ", shares)}");
    }
}
