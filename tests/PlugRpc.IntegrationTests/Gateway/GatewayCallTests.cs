using System.Text.Json;
using PlugRpc.Codecs;
using PlugRpc.Fixtures.Fleet;
using PlugRpc.Samples.Arith;
using Microsoft.Extensions.DependencyInjection;

namespace PlugRpc.IntegrationTests.Gateway;

/// <summary>
/// The gateway over real HTTP against hosts in this process: calls served in-process and through the client, go-rpc's
/// headers both ways and its POST /invoke, the example endpoints and middleware, and 64 callers at once with auth on.
/// </summary>
public sealed class GatewayCallTests(GatewayPair pair) : IClassFixture<GatewayPair>
{
    [Fact]
    public async Task A_host_serves_its_own_service_in_process()
    {
        // The serving host's client points at a closed port: only the in-process path can answer.
        var reply = await GatewayReply.ReadAsync(await pair.Serving.CallAsync("ArithService", "Add", """{"A":40,"B":2}"""));

        Assert.Equal(200, reply.Status);
        Assert.Equal(42, reply.Body.GetProperty("Reply").GetInt64());
        Assert.Equal("application/json; charset=utf-8", reply.Header("content-type"));
    }

    [Fact]
    public async Task A_host_that_does_not_serve_a_service_calls_it_through_its_client()
    {
        var reply = await GatewayReply.ReadAsync(await pair.Forwarding.CallAsync("FleetService", "Work", """{"Id":7,"Value":41}""", GatewayHost.Auth(more: "\"idc\":\"lf\"")));
        var refused = await GatewayReply.ReadAsync(await pair.Forwarding.CallAsync("FleetService", "Work", """{"Id":8,"Value":1}""", GatewayHost.Auth("wrong")));

        Assert.Equal(200, reply.Status);
        Assert.Equal((7, 42), (reply.Body.GetProperty("Id").GetInt64(), reply.Body.GetProperty("Value").GetInt64()));
        Assert.Equal("lf", MetaData(reply).GetProperty("idc").GetString());
        refused.AssertCleanError(401, "Unauthenticated", "auth failed");
    }

    [Fact]
    public async Task A_call_through_the_client_keeps_its_rpc_deadline_ms()
    {
        var reply = await GatewayReply.ReadAsync(await pair.Forwarding.CallAsync(
            "FleetService", "Slow", """{"Id":"through-client-deadline","DelayMs":20000}""", GatewayHost.Auth(more: "\"rpc_deadline_ms\":300")));

        reply.AssertCleanError(504, "DeadlineExceeded", string.Empty);
    }

    [Fact]
    public async Task Go_rpc_request_headers_are_read_and_response_headers_written()
    {
        using var request = GatewayHost.Post("/ArithService/Mul", """{"A":6,"B":7}""", GatewayHost.Auth(more: "\"idc\":\"lf\",\"n\":7"));
        request.Headers.Add("rpc-header-seq", "42");
        var reply = await GatewayReply.ReadAsync(await pair.Serving.Http.SendAsync(request));
        var refused = await GatewayReply.ReadAsync(await pair.Serving.CallAsync("ArithService", "Mul", """{"A":6,"B":7}""", """{"rpc_auth":"wrong","idc":"lf"}"""));

        Assert.Equal(200, reply.Status);
        Assert.Equal(42, reply.Body.GetProperty("Reply").GetInt64());
        Assert.Equal(
            ("42", "1", "0", "0", "0", "ArithService", "Mul", string.Empty),
            (reply.Header("rpc-header-seq"), reply.Header("rpc-header-message_type"), reply.Header("rpc-header-compress_type"),
                reply.Header("rpc-header-serialize_type"), reply.Header("rpc-header-status_code"), reply.Header("rpc-header-service_name"),
                reply.Header("rpc-header-method_name"), reply.Header("rpc-header-error")));
        var meta = MetaData(reply);
        Assert.Equal(("lf", "7"), (meta.GetProperty("idc").GetString(), meta.GetProperty("n").GetString()));
        Assert.False(meta.TryGetProperty("rpc_auth", out _), "the caller's token is not sent back");

        Assert.Equal(401, refused.Status);
        Assert.Equal(("1", "auth failed"), (refused.Header("rpc-header-status_code"), refused.Header("rpc-header-error")));
        Assert.Equal(("16", "lf"), (MetaData(refused).GetProperty("rpc_status").GetString(), MetaData(refused).GetProperty("idc").GetString()));
    }

    [Fact]
    public async Task Go_rpc_invoke_takes_a_msgpack_body_named_by_its_headers()
    {
        var msgpack = pair.Serving.Host.Services.GetServices<ICodec>().Single(c => c.Name == "msgpack");
        var body = new System.Buffers.ArrayBufferWriter<byte>();
        msgpack.Serialize(body, new ArithRequest { A = 2, B = 40 });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invoke") { Content = new ByteArrayContent(body.WrittenSpan.ToArray()) };
        string[][] headers =
        [
            ["rpc-header-seq", "9"], ["rpc-header-message_type", "0"], ["rpc-header-compress_type", "0"],
            ["rpc-header-serialize_type", "1"], ["rpc-header-status_code", "0"], ["rpc-header-service_name", "ArithService"],
            ["rpc-header-method_name", "Add"], ["rpc-header-error", string.Empty], ["rpc-header-meta_data", GatewayHost.Auth()],
        ];
        foreach (var header in headers)
        {
            request.Headers.TryAddWithoutValidation(header[0], header[1]);
        }

        using var response = await pair.Forwarding.Http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(("9", "1", "0"), (Header(response, "rpc-header-seq"), Header(response, "rpc-header-serialize_type"), Header(response, "rpc-header-status_code")));
        Assert.Equal(42, msgpack.Deserialize<ArithResponse>(new System.Buffers.ReadOnlySequence<byte>(bytes)).Reply);
    }

    [Fact]
    public async Task Go_rpc_invoke_takes_json_and_refuses_a_call_it_cannot_name()
    {
        using var request = GatewayHost.Post("/invoke", """{"A":5,"B":3}""", GatewayHost.Auth());
        request.Headers.Add("rpc-header-service_name", "ArithService");
        request.Headers.Add("rpc-header-method_name", "Minus");
        var reply = await GatewayReply.ReadAsync(await pair.Serving.Http.SendAsync(request));
        var unnamed = await GatewayReply.ReadAsync(await pair.Serving.Http.SendAsync(GatewayHost.Post("/invoke", """{"A":5,"B":3}""", GatewayHost.Auth())));

        Assert.Equal(200, reply.Status);
        Assert.Equal(2, reply.Body.GetProperty("Reply").GetInt64());
        unnamed.AssertCleanError(400, "InvalidArgument", "rpc-header-service_name");
    }

    [Fact]
    public async Task The_example_endpoints_run_their_middleware_in_order_and_their_group_its_own()
    {
        var health = await GatewayReply.ReadAsync(await pair.Serving.Http.GetAsync("/fleet/health"));
        var call = await GatewayReply.ReadAsync(await pair.Serving.CallAsync("ArithService", "Add", """{"A":1,"B":1}"""));

        Assert.Equal(200, health.Status);
        Assert.Equal("ok", health.Body.GetProperty("status").GetString());
        Assert.Equal(new FleetService().Who(new Nothing()).Name, health.Body.GetProperty("host").GetString());
        Assert.Equal("first,second", health.Header("x-fleet-middleware"));
        Assert.Equal("fleet", health.Header("x-fleet-group"));

        // The global middleware runs for calls too; the group's only for its routes.
        Assert.Equal(200, call.Status);
        Assert.Equal("first,second", call.Header("x-fleet-middleware"));
        Assert.False(call.Headers.ContainsKey("x-fleet-group"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Sixty_four_callers_at_once_with_auth_are_all_answered_rightly(bool inProcess)
    {
        var host = inProcess ? pair.Serving : pair.Forwarding;
        var service = inProcess ? "ArithService" : "FleetService";
        const int Callers = 64;
        const int CallsEach = 8;

        var results = await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            var wrongToken = caller % 4 == 3;
            var outcomes = new List<string>();
            for (var i = 0; i < CallsEach; i++)
            {
                var json = inProcess ? $$"""{"A":{{caller}},"B":{{i}}}""" : $$"""{"Id":{{caller}},"Value":{{(caller * 100) + i}}}""";
                var method = inProcess ? "Add" : "Work";
                var reply = await GatewayReply.ReadAsync(await host.CallAsync(service, method, json, GatewayHost.Auth(wrongToken ? "nope" : GatewayHost.Token)));
                var expected = wrongToken ? "401 Unauthenticated" : $"200 {(inProcess ? caller + i : (caller * 100) + i + 1)}";
                var actual = reply.Status == 200
                    ? $"200 {reply.Body.GetProperty(inProcess ? "Reply" : "Value").GetInt64()}"
                    : $"{reply.Status} {reply.Error.Status}";
                outcomes.Add(actual == expected ? "ok" : $"caller {caller} call {i}: expected {expected}, got {actual}");
            }

            return outcomes;
        })));

        var wrong = results.SelectMany(r => r).Where(r => r != "ok").ToList();
        Assert.True(wrong.Count == 0, string.Join("; ", wrong.Take(5)));
        Assert.Equal(Callers * CallsEach, results.Sum(r => r.Count));
    }

    private static JsonElement MetaData(GatewayReply reply) => JsonDocument.Parse(reply.Header("rpc-header-meta_data")).RootElement.Clone();

    private static string Header(HttpResponseMessage response, string name) => string.Join(",", response.Headers.GetValues(name));
}
