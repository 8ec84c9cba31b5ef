using System.Diagnostics;
using PlugRpc.Diagnostics;
using PlugRpc.IntegrationTests.FailModes;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Options;
using PlugRpc.Samples.Arith;

namespace PlugRpc.IntegrationTests.Observability;

/// <summary>
/// Core's spans over real sockets, seen by an ActivityListener: alone in the process, since a listener makes every
/// call in it traced (and puts trace context on the wire).
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class TracingTests
{
    [Fact]
    public async Task A_call_from_a_client_through_server_A_to_server_B_is_one_trace_of_four_spans()
    {
        await using var chain = await TraceChain.StartAsync();
        using var spans = new SpanRecorder();

        var reply = await chain.Client.CallAsync<ArithRequest, ArithResponse>("Relay.Forward", new ArithRequest { A = 2, B = 3 });

        Assert.Equal(5, reply.Reply);
        var root = spans.Single("Relay/Forward", ActivityKind.Client);
        var trace = spans.OfTrace(root.TraceId);
        Assert.Equal(4, trace.Count);
        var serverA = Assert.Single(trace, s => s.DisplayName == "Relay/Forward" && s.Kind == ActivityKind.Server);
        var clientOfB = Assert.Single(trace, s => s.DisplayName == "ArithService/Add" && s.Kind == ActivityKind.Client);
        var serverB = Assert.Single(trace, s => s.DisplayName == "ArithService/Add" && s.Kind == ActivityKind.Server);
        Assert.Equal(default, root.ParentSpanId);
        Assert.Equal(root.SpanId, serverA.ParentSpanId);
        Assert.Equal(serverA.SpanId, clientOfB.ParentSpanId);
        Assert.Equal(clientOfB.SpanId, serverB.ParentSpanId);
        Assert.True(serverA.HasRemoteParent);
        Assert.All(trace, span =>
        {
            Assert.Equal(RpcTelemetryTags.RpcSystemValue, span.GetTagItem(RpcTelemetryTags.RpcSystem));
            Assert.Equal(0, span.GetTagItem(RpcTelemetryTags.StatusCode));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
        });
        Assert.Equal(("Relay", "Forward"), (root.GetTagItem(RpcTelemetryTags.RpcService), root.GetTagItem(RpcTelemetryTags.RpcMethod)));
        Assert.Equal(("ArithService", "Add"), (serverB.GetTagItem(RpcTelemetryTags.RpcService), serverB.GetTagItem(RpcTelemetryTags.RpcMethod)));
        Assert.Equal(("127.0.0.1", PortOf(chain.AddressOfA)), (root.GetTagItem(RpcTelemetryTags.ServerAddress), root.GetTagItem(RpcTelemetryTags.ServerPort)));
        Assert.Equal(("127.0.0.1", PortOf(chain.B.Address)), (clientOfB.GetTagItem(RpcTelemetryTags.ServerAddress), clientOfB.GetTagItem(RpcTelemetryTags.ServerPort)));
        Assert.Equal("127.0.0.1", serverA.GetTagItem(RpcTelemetryTags.ClientAddress));
    }

    [Fact]
    public async Task A_failing_call_marks_its_client_and_server_spans_with_the_error()
    {
        await using var bed = await TestBed.StartAsync();
        using var spans = new SpanRecorder();

        var error = await Assert.ThrowsAsync<RpcException>(() => bed.Client.CallAsync<ArithRequest, ArithResponse>("Gate.Throw", new ArithRequest()));

        var client = spans.Single("Gate/Throw", ActivityKind.Client);
        var server = spans.Single("Gate/Throw", ActivityKind.Server);
        Assert.Equal(client.SpanId, server.ParentSpanId);
        Assert.All(new[] { client, server }, span =>
        {
            Assert.Equal(ActivityStatusCode.Error, span.Status);
            Assert.Equal(error.Message, span.StatusDescription);
            Assert.Equal((int)RpcStatusCode.Internal, span.GetTagItem(RpcTelemetryTags.StatusCode));
            Assert.Equal(nameof(RpcStatusCode.Internal), span.GetTagItem(RpcTelemetryTags.ErrorType));
        });
        Assert.Contains("the ledger is locked", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Direct_pooled_and_json_calls_each_get_a_client_span_that_the_server_continues(bool withFilters)
    {
        string[] filters = withFilters ? ["auth"] : [];
        await using var bed = await TestBed.StartAsync(s => s.Filters = [.. filters], c => c.Filters = [.. filters]);
        using var spans = new SpanRecorder();

        await bed.AddAsync(1, 2);
        await bed.Client.CallPooledAsync<ArithRequest, ArithResponse>("ArithService.Add", new ArithRequest { A = 3, B = 4 });
        Assert.Equal("""{"Reply":11}""", (await bed.Client.CallJsonAsync(new JsonCall("ArithService", "Add", """{"A":5,"B":6}"""))).ResponseJson);

        var clients = spans.Stopped.Where(s => s.Kind == ActivityKind.Client).ToList();
        var servers = spans.Stopped.Where(s => s.Kind == ActivityKind.Server).ToList();
        Assert.Equal(3, clients.Count);
        Assert.Equal(3, servers.Count);
        Assert.All(clients, client =>
        {
            Assert.Equal("ArithService/Add", client.DisplayName);
            Assert.Single(servers, server => server.ParentSpanId == client.SpanId && server.TraceId == client.TraceId);
        });
        Assert.Equal(3, clients.Select(c => c.TraceId).Distinct().Count());
    }

    [Fact]
    public async Task Each_attempt_is_an_event_on_its_call_span_and_the_answering_instance_is_the_span_server()
    {
        await using var fleet = await FlakyFleet.StartAsync(1);
        var live = fleet.Addresses[0];
        var client = fleet.Client(o =>
        {
            o.Addresses = [FlakyFleet.DeadAddress(), live];
            o.FailMode = FailMode.FailOver;
        });
        using var spans = new SpanRecorder();

        for (var i = 0; i < 4; i++)
        {
            await FlakyFleet.AddAsync(client, i, 1);
        }

        var calls = spans.Stopped.Where(s => s.Kind == ActivityKind.Client).ToList();
        Assert.Equal(4, calls.Count);
        Assert.All(calls, call =>
        {
            Assert.Equal(ActivityStatusCode.Unset, call.Status);
            Assert.Equal(PortOf(live), call.GetTagItem(RpcTelemetryTags.ServerPort));
            Assert.Equal(0, call.Events.Last().Tags.Single(t => t.Key == RpcTelemetryTags.StatusCode).Value);
        });
        var retried = calls.Where(c => c.Events.Count() == 2).ToList();
        Assert.NotEmpty(retried);
        Assert.All(retried, call =>
        {
            var (first, retry) = (Tags(call.Events.First()), Tags(call.Events.Last()));
            Assert.Equal((1, "first", (int)RpcStatusCode.Unavailable), (first[RpcTelemetryTags.Attempt], first[RpcTelemetryTags.AttemptKind], first[RpcTelemetryTags.StatusCode]));
            Assert.Equal((2, "retry", 0), (retry[RpcTelemetryTags.Attempt], retry[RpcTelemetryTags.AttemptKind], retry[RpcTelemetryTags.StatusCode]));
            Assert.Contains("cannot connect", (string)first[RpcTelemetryTags.ExceptionMessage]!);
            Assert.Equal(PortOf(live), retry[RpcTelemetryTags.ServerPort]);
        });
        Assert.All(calls.Except(retried), call => Assert.Single(call.Events));
    }

    [Fact]
    public async Task Go_rpc_opentracing_keys_pass_through_untouched_beside_the_trace_context()
    {
        await using var bed = await TestBed.StartAsync();
        using var spans = new SpanRecorder();
        var sent = OpenTracingMetadata();

        await bed.Client.CallAsync<ArithRequest, ArithResponse>("Keeper.Keep", new ArithRequest { A = 1 }, new CallOptions { Metadata = sent });

        var seen = Assert.Single(bed.Keeper.Kept).Metadata;
        foreach (var (key, value) in sent)
        {
            Assert.Equal(value, seen[key]);
        }

        var client = spans.Single("Keeper/Keep", ActivityKind.Client);
        Assert.Equal(client.Id, seen[MetadataKeys.TraceParent]);
        Assert.Equal(client.SpanId, spans.Single("Keeper/Keep", ActivityKind.Server).ParentSpanId);
        Assert.Null(sent[MetadataKeys.TraceParent]);
    }

    [Fact]
    public async Task The_callers_tracestate_travels_with_its_traceparent()
    {
        await using var bed = await TestBed.StartAsync();
        using var spans = new SpanRecorder();
        using var caller = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C);
        caller.TraceStateString = "vendor=opaque";
        caller.Start();

        await bed.Client.CallAsync<ArithRequest, ArithResponse>("Keeper.Keep", new ArithRequest { A = 1 });
        caller.Stop();

        var seen = Assert.Single(bed.Keeper.Kept).Metadata;
        var client = spans.Single("Keeper/Keep", ActivityKind.Client);
        var server = spans.Single("Keeper/Keep", ActivityKind.Server);
        Assert.Equal(caller.SpanId, client.ParentSpanId);
        Assert.Equal("vendor=opaque", seen[MetadataKeys.TraceState]);
        Assert.Equal("vendor=opaque", server.TraceStateString);
        Assert.Equal(caller.TraceId, server.TraceId);
    }

    [Fact]
    public async Task Heartbeats_make_no_span()
    {
        await using var bed = await TestBed.StartAsync();
        await bed.Client.PingAsync(bed.Address);
        using var spans = new SpanRecorder();

        for (var i = 0; i < 3; i++)
        {
            await bed.Client.PingAsync(bed.Address);
        }

        Assert.Equal(0, spans.Started);
    }

    internal static Metadata OpenTracingMetadata() => new()
    {
        ["uber-trace-id"] = "4bf92f3577b34da6:00f067aa0ba902b7:0:1",
        ["ot-tracer-traceid"] = "4bf92f3577b34da6",
        ["ot-tracer-spanid"] = "00f067aa0ba902b7",
        ["ot-tracer-sampled"] = "true",
    };

    private static int PortOf(string address) => Transport.RpcAddress.Parse(address).GetHostAndPort().Port;

    private static Dictionary<string, object?> Tags(ActivityEvent e) => e.Tags.ToDictionary(t => t.Key, t => t.Value);
}
