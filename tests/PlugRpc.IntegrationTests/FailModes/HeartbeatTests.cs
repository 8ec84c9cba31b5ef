using System.Diagnostics;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;

namespace PlugRpc.IntegrationTests.FailModes;

/// <summary>Heartbeats over real sockets: they mark an instance degraded and restore it, and keep connections open.</summary>
public sealed class HeartbeatTests
{
    [Fact]
    public async Task An_instance_whose_heartbeats_fail_is_degraded_and_restored_when_it_answers_again()
    {
        await using var fleet = await FlakyFleet.StartAsync(1);
        var deadPort = FreePort.Next();
        var dead = $"tcp://127.0.0.1:{deadPort}";
        var client = fleet.Client(o =>
        {
            o.Addresses = [fleet.Addresses[0], dead];
            o.Heartbeat = true;
            o.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
            o.HeartbeatDegradeThreshold = 2;
        });

        var live = client.Instances.Single(i => i.Address == fleet.Addresses[0]);
        var down = client.Instances.Single(i => i.Address == dead);
        await Eventually.TrueAsync(() => down.Degraded, "the instance with nothing listening is degraded");
        Assert.True(down.HeartbeatFailures > 2);

        await using var revived = await FlakyFleet.StartOnAsync(dead);
        await Eventually.TrueAsync(() => !down.Degraded && down.Connected, "the revived instance is connected and no longer degraded");
        Assert.False(live.Degraded);
        Assert.True(live.Connected);
        Assert.Equal(0, live.HeartbeatFailures);
    }

    [Fact]
    public async Task Heartbeats_keep_an_idle_connection_alive_past_the_servers_idle_timeout()
    {
        await using var fleet = await FlakyFleet.StartAsync(1, idleTimeout: TimeSpan.FromMilliseconds(300));
        var client = fleet.Client(o =>
        {
            o.Heartbeat = true;
            o.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
        });
        await FlakyFleet.AddAsync(client, 1, 1);

        await Task.Delay(1000);

        var instance = client.Instances.Single();
        Assert.True(instance.Connected);
        var started = Stopwatch.GetTimestamp();
        Assert.Equal(3, (await FlakyFleet.AddAsync(client, 1, 2)).Reply);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(1));
    }
}
