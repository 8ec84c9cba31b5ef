using System.Diagnostics;
using System.Text.Json;
using Autofac;
using PlugRpc.Discovery;
using PlugRpc.Filters.CircuitBreaker;
using PlugRpc.Plugins;

namespace PlugRpc.IntegrationTests.FailModes;

/// <summary>The circuit breaker plugin in a real client: attempts feed it, selection obeys it.</summary>
public sealed class BreakerTests
{
    private static readonly Action<ContainerBuilder> ShortCoolDown =
        b => b.AddPlugin<CircuitBreakerPlugin>(JsonDocument.Parse("""{ "coolDown": "300ms" }""").RootElement);

    [Fact]
    public async Task An_instance_opens_at_the_threshold_is_left_out_and_closes_after_recovering()
    {
        await using var fleet = await FlakyFleet.StartAsync(2, extra: ShortCoolDown);
        fleet.Services[0].FailNext(int.MaxValue);
        var client = fleet.Client(o =>
        {
            o.Filters = ["breaker"];
            o.CircuitBreakerThreshold = 3;
            o.CircuitBreakerWindow = TimeSpan.FromSeconds(30);
        });

        var failed = 0;
        for (var i = 0; i < 30; i++)
        {
            try
            {
                await FlakyFleet.AddAsync(client, i, 1);
            }
            catch (RpcException ex) when (ex.StatusCode == RpcStatusCode.Unavailable)
            {
                failed++;
            }
        }

        var broken = client.Instances.Single(i => i.Address == fleet.Addresses[0]);
        Assert.Equal(3, failed);
        Assert.Equal(3, fleet.Services[0].Calls);
        Assert.Equal(BreakerState.Open, broken.Breaker);

        fleet.Services[0].FailNext(0);
        await Task.Delay(500);
        for (var i = 0; i < 10; i++)
        {
            await FlakyFleet.AddAsync(client, i, 1);
        }

        Assert.Equal(BreakerState.Closed, broken.Breaker);
        Assert.True(fleet.Services[0].Calls > 4, $"the recovered instance got {fleet.Services[0].Calls - 3} calls after closing");
    }

    [Fact]
    public async Task With_every_instance_open_a_call_fails_at_once_naming_the_breaker()
    {
        await using var fleet = await FlakyFleet.StartAsync(1, extra: ShortCoolDown);
        fleet.Services[0].FailNext(int.MaxValue);
        var client = fleet.Client(o =>
        {
            o.Filters = ["breaker"];
            o.CircuitBreakerThreshold = 2;
        });
        await Assert.ThrowsAsync<RpcException>(() => FlakyFleet.AddAsync(client, 1, 1));
        await Assert.ThrowsAsync<RpcException>(() => FlakyFleet.AddAsync(client, 1, 1));

        var started = Stopwatch.GetTimestamp();
        var error = await Assert.ThrowsAsync<RpcException>(() => FlakyFleet.AddAsync(client, 1, 1));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains("circuit breaker", error.Message);
        Assert.Equal(2, fleet.Services[0].Calls);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromMilliseconds(100));
    }
}
