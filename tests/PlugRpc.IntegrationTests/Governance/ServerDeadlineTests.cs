using PlugRpc.Fixtures.Fleet;
using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests.Governance;

/// <summary>The call's deadline reaching a host process: when it runs out there, the method's token fires.</summary>
[Collection(FleetCollection.Name)]
public sealed class ServerDeadlineTests
{
    private readonly Fleet fleet;

    public ServerDeadlineTests(SharedFleet shared)
    {
        fleet = shared.Fleet;
    }

    [Fact]
    public async Task A_deadline_that_runs_out_on_the_host_cancels_the_method()
    {
        var host = fleet[2];
        await using var client = FleetClient.Create(fleet.ClientOptions([host]));
        var id = Guid.NewGuid().ToString("N");

        var call = client.Client.CallAsync<SlowRequest, SlowReport>(
            "FleetService.Slow",
            new SlowRequest { Id = id, DelayMs = 5000 },
            new CallOptions { Timeout = TimeSpan.FromMilliseconds(300) });

        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.StatusCode);
        SlowReport report = new();
        await Eventually.TrueAsync(async () => (report = await fleet.SlowReportAsync(host, id)).Cancelled, "the method's token fired on the host");
        Assert.True(report.Started);
        Assert.False(report.Finished);
    }
}
