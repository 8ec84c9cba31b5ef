using Autofac;
using PlugRpc.Components;
using PlugRpc.Diagnostics;
using PlugRpc.IntegrationTests.FailModes;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;
using PlugRpc.Plugins;
using PlugRpc.Registry.Embedded;
using PlugRpc.Samples.Arith;

namespace PlugRpc.IntegrationTests.Observability;

/// <summary>
/// Core's instruments after a known load over real sockets, read with a MeterListener; alone in the process, so that
/// the process-wide figures (connections, instances) are this test's.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class MetricsTests
{
    private const string Arith = "ArithService";

    [Fact]
    public async Task A_hundred_calls_are_counted_on_both_sides_with_their_sizes_and_none_left_in_flight()
    {
        await using var bed = await TestBed.StartAsync(s => s.Filters = [], c => c.Filters = []);
        using var metrics = new MetricRecorder();

        for (var i = 0; i < 100; i++)
        {
            await bed.AddAsync(i, 1);
        }

        foreach (var duration in new[] { RpcMetricNames.ClientDuration, RpcMetricNames.ServerDuration })
        {
            var measured = metrics.OfMethod(duration, Arith, "Add", RpcStatusCode.Ok);
            Assert.Equal(100, measured.Count);
            Assert.All(measured, m => Assert.InRange(m.Value, 0, 5000));
            Assert.Equal(RpcTelemetryTags.RpcSystemValue, measured[0].Tags[RpcTelemetryTags.RpcSystem]);
        }

        foreach (var size in new[] { RpcMetricNames.ClientRequestSize, RpcMetricNames.ServerRequestSize, RpcMetricNames.ClientResponseSize, RpcMetricNames.ServerResponseSize })
        {
            var measured = metrics.OfMethod(size, Arith, "Add");
            Assert.Equal(100, measured.Count);
            Assert.All(measured, m => Assert.InRange(m.Value, 1, 100));
        }

        foreach (var active in new[] { RpcMetricNames.ClientActiveCalls, RpcMetricNames.ServerActiveCalls })
        {
            var changes = metrics.OfMethod(active, Arith, "Add");
            Assert.Equal(100, changes.Count(m => m.Value == 1));
            Assert.Equal(0, changes.Sum(m => m.Value));
        }
    }

    [Fact]
    public async Task A_failed_call_is_counted_under_its_status_and_an_unknown_method_under_other_on_the_server()
    {
        await using var bed = await TestBed.StartAsync();
        using var metrics = new MetricRecorder();

        await Assert.ThrowsAsync<RpcException>(() => bed.Client.CallAsync<ArithRequest, ArithResponse>("Gate.Throw", new ArithRequest()));
        await Assert.ThrowsAsync<RpcException>(() => bed.Client.CallAsync<ArithRequest, ArithResponse>("Nowhere.Nothing", new ArithRequest()));

        Assert.Single(metrics.OfMethod(RpcMetricNames.ClientDuration, "Gate", "Throw", RpcStatusCode.Internal));
        Assert.Single(metrics.OfMethod(RpcMetricNames.ServerDuration, "Gate", "Throw", RpcStatusCode.Internal));
        Assert.Single(metrics.OfMethod(RpcMetricNames.ClientDuration, "Nowhere", "Nothing", RpcStatusCode.NotFound));
        Assert.Single(metrics.OfMethod(RpcMetricNames.ServerDuration, RpcTelemetryTags.Other, RpcTelemetryTags.Other, RpcStatusCode.NotFound));
        Assert.Empty(metrics.Of(RpcMetricNames.ServerDuration, (RpcTelemetryTags.RpcService, "Nowhere")));
        Assert.Empty(metrics.OfMethod(RpcMetricNames.ServerResponseSize, "Gate", "Throw"));
        Assert.Equal(0, metrics.OfMethod(RpcMetricNames.ServerActiveCalls, "Gate", "Throw").Sum(m => m.Value));
    }

    [Fact]
    public async Task A_retry_under_failover_past_a_dead_instance_is_counted_with_its_fail_mode()
    {
        await using var fleet = await FlakyFleet.StartAsync(1);
        var client = fleet.Client(o =>
        {
            o.Addresses = [FlakyFleet.DeadAddress(), fleet.Addresses[0]];
            o.FailMode = FailMode.FailOver;
        });
        using var metrics = new MetricRecorder();

        for (var i = 0; i < 4; i++)
        {
            await FlakyFleet.AddAsync(client, i, 1);
        }

        var retries = metrics.Of(RpcMetricNames.ClientRetries, (RpcTelemetryTags.RpcService, "Flaky"), (RpcTelemetryTags.AttemptKind, "retry"), (RpcTelemetryTags.FailMode, "failover"));
        Assert.InRange(retries.Sum(m => m.Value), 1, 4);
        Assert.Equal(4, metrics.OfMethod(RpcMetricNames.ClientDuration, "Flaky", "Add", RpcStatusCode.Ok).Count);
        Assert.Equal(4, metrics.OfMethod(RpcMetricNames.ServerDuration, "Flaky", "Add", RpcStatusCode.Ok).Count);
    }

    [Fact]
    public async Task Open_connections_are_gauged_on_both_sides_while_they_last()
    {
        using var metrics = new MetricRecorder();
        var (clientsBefore, serversBefore) = Connections(metrics);
        var bed = await TestBed.StartAsync();
        await bed.AddAsync(1, 1);

        var (clientsDuring, serversDuring) = Connections(metrics);
        await bed.DisposeAsync();

        Assert.True(clientsDuring >= clientsBefore + 1, $"client connections {clientsBefore} → {clientsDuring}");
        Assert.True(serversDuring >= serversBefore + 1, $"server connections {serversBefore} → {serversDuring}");
        await Eventually.TrueAsync(() => Connections(metrics) is var (c, s) && c <= clientsBefore && s <= serversBefore, "the connections closed");
    }

    [Fact]
    public async Task The_instance_gauges_see_a_degraded_instance_and_the_age_of_a_registry_view()
    {
        var registry = $"memory://{Guid.NewGuid():N}";
        await using var bed = await TestBed.StartAsync(
            s =>
            {
                s.Registry = registry;
                s.AppKey = "observed";
            },
            extra: b => b.AddPlugin<EmbeddedRegistryPlugin>());
        await using var viewed = bed.Container.CreateRpcClient(new ClientOptions { Registry = registry, AppKey = "observed", Filters = ["auth"] });
        await using var beating = bed.Container.CreateRpcClient(new ClientOptions
        {
            Addresses = [FlakyFleet.DeadAddress()],
            Heartbeat = true,
            HeartbeatInterval = TimeSpan.FromMilliseconds(50),
            HeartbeatDegradeThreshold = 1,
        });
        using var metrics = new MetricRecorder();

        await viewed.CallAsync<ArithRequest, ArithResponse>("ArithService.Add", new ArithRequest { A = 1, B = 2 });
        await Eventually.TrueAsync(() => beating.Instances[0].Degraded, "the dead instance degraded");
        metrics.Observe();

        var origin = (RpcTelemetryTags.DiscoveryOrigin, (object)viewed.Discovery.Origin);
        Assert.InRange(Assert.Single(metrics.Of(RpcMetricNames.DiscoveryAge, origin)).Value, 0, 60);
        Assert.Equal(1, Assert.Single(metrics.Of(RpcMetricNames.ClientInstances, origin)).Value);
        Assert.Equal(0, Assert.Single(metrics.Of(RpcMetricNames.ClientDegradedInstances, origin)).Value);
        var fixedOrigin = (RpcTelemetryTags.DiscoveryOrigin, (object)beating.Discovery.Origin);
        Assert.Equal(1, Assert.Single(metrics.Of(RpcMetricNames.ClientDegradedInstances, fixedOrigin)).Value);
        Assert.Empty(metrics.Of(RpcMetricNames.DiscoveryAge, fixedOrigin));
    }

    private static (double Clients, double Servers) Connections(MetricRecorder metrics)
    {
        metrics.Observe();
        return (Last(RpcMetricNames.ClientConnections), Last(RpcMetricNames.ServerConnections));

        double Last(string name) => metrics.Of(name) is { Count: > 0 } seen ? seen[^1].Value : 0;
    }
}
