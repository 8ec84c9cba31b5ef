using System.Diagnostics;
using PlugRpc.Client;
using PlugRpc.Diagnostics;

namespace PlugRpc.Core.Tests.Diagnostics;

/// <summary>
/// The process overview gathers per-method figures only from its first read until nobody has read for its idle
/// time: before, and after, its listener is gone, so the duration histograms are off for it.
/// </summary>
public sealed class LiveProcessOverviewTests
{
    [Fact]
    public async Task Figures_are_gathered_from_the_first_read_and_stop_once_nobody_reads()
    {
        var service = "Probe" + Guid.NewGuid().ToString("N");
        using var overview = new LiveProcessOverview(TimeSpan.FromMilliseconds(300));
        Record(service, "Before");
        Assert.False(overview.Gathering);

        Assert.DoesNotContain(overview.Read().Methods, m => m.Service == service);
        Assert.True(overview.Gathering);
        Assert.True(ClientMetrics.Duration.Enabled);
        Record(service, "During");
        Record(service, "During", status: 14);
        var during = Assert.Single(overview.Read().Methods, m => m.Service == service);

        var deadline = Stopwatch.StartNew();
        while (overview.Gathering && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50);
        }

        Assert.False(overview.Gathering, "still gathering long after the last read");
        Record(service, "After");
        Assert.DoesNotContain(overview.Read().Methods, m => m.Service == service);
        Assert.Equal(("client", "During", 2L, 1L), (during.Side, during.Method, during.Calls, during.Errors));
    }

    private static void Record(string service, string method, int status = 0) =>
        ClientMetrics.Duration.Record(2.5, new TagList
        {
            { RpcTelemetryTags.RpcService, service },
            { RpcTelemetryTags.RpcMethod, method },
            { RpcTelemetryTags.StatusCode, status },
        });
}
