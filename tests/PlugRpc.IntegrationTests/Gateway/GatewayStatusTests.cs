using System.Diagnostics;
using System.Text.Json.Nodes;
using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests.Gateway;

/// <summary>
/// Every status a failed call can have, as the HTTP status and JSON error body the gateway answers: each code thrown by
/// a service, and the real causes (unknown names, auth, tags, rate limit, a deadline, no instance to call).
/// </summary>
public sealed class GatewayStatusTests(GatewayServing serving) : IClassFixture<GatewayServing>
{
    private GatewayHost Host => serving.Host;

    [Theory]
    [InlineData(RpcStatusCode.NotFound, 404)]
    [InlineData(RpcStatusCode.InvalidArgument, 400)]
    [InlineData(RpcStatusCode.Unauthenticated, 401)]
    [InlineData(RpcStatusCode.PermissionDenied, 403)]
    [InlineData(RpcStatusCode.ResourceExhausted, 429)]
    [InlineData(RpcStatusCode.Unavailable, 503)]
    [InlineData(RpcStatusCode.DeadlineExceeded, 504)]
    [InlineData(RpcStatusCode.Internal, 500)]
    [InlineData(RpcStatusCode.Unknown, 500)]
    [InlineData(RpcStatusCode.FailedPrecondition, 500)]
    [InlineData(RpcStatusCode.Unimplemented, 500)]
    [InlineData(RpcStatusCode.Cancelled, 500)]
    public async Task A_status_a_service_throws_answers_its_http_status(RpcStatusCode code, int httpStatus)
    {
        await BehaveAsync(code);
        try
        {
            var reply = await GatewayReply.ReadAsync(await Host.CallAsync("FleetService", "Work", """{"Id":1,"Value":1}"""));

            reply.AssertCleanError(httpStatus, code.ToString(), "fails every call, as the test told it");
            Assert.Equal("1", reply.Header("rpc-header-status_code"));
            Assert.EndsWith("fails every call, as the test told it", reply.Header("rpc-header-error"), StringComparison.Ordinal);
        }
        finally
        {
            await BehaveAsync(RpcStatusCode.Ok);
        }
    }

    [Fact]
    public async Task Unknown_names_a_missing_token_and_a_refused_argument_answer_404_401_and_400()
    {
        var noService = await GatewayReply.ReadAsync(await Host.CallAsync("NoSuchService", "Add", "{}"));
        var noMethod = await GatewayReply.ReadAsync(await Host.CallAsync("ArithService", "NoSuchMethod", "{}"));
        var noToken = await GatewayReply.ReadAsync(await Host.Http.SendAsync(GatewayHost.Post("/ArithService/Add", """{"A":1,"B":2}""")));
        var zero = await GatewayReply.ReadAsync(await Host.CallAsync("ArithService", "Divide", """{"A":1,"B":0}"""));

        noService.AssertCleanError(404, "NotFound", RpcErrors.ServiceNotFound);
        noMethod.AssertCleanError(404, "NotFound", RpcErrors.MethodNotFound);
        noToken.AssertCleanError(401, "Unauthenticated", RpcErrors.AuthFailed);
        zero.AssertCleanError(400, "InvalidArgument", RpcErrors.DividedByZero);
    }

    [Fact]
    public async Task A_call_past_its_rpc_deadline_ms_answers_504_at_its_deadline()
    {
        var watch = Stopwatch.StartNew();
        var reply = await GatewayReply.ReadAsync(await Host.CallAsync("FleetService", "Slow", """{"Id":"gateway-deadline","DelayMs":20000}""", GatewayHost.Auth(more: "\"rpc_deadline_ms\":300")));

        reply.AssertCleanError(504, "DeadlineExceeded", RpcErrors.RequestTimedOut);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_servers_tags_and_rate_limit_apply_to_gateway_calls()
    {
        await using var host = await GatewayHost.StartAsync(manifest =>
        {
            manifest["server"]!["filters"] = new JsonArray("auth", "tags", "ratelimit");
            manifest["server"]!["tags"] = new JsonObject { ["idc"] = "lf" };
            GatewayHost.SetPluginSettings(manifest, "PlugRpc.Filters.RateLimit", JsonNode.Parse("""{"permitsPerSecond": 0.01, "burst": 1, "queue": 0}""")!);
        });

        var otherTag = await GatewayReply.ReadAsync(await host.CallAsync("ArithService", "Add", """{"A":1,"B":2}""", GatewayHost.Auth(more: "\"rpc_tag_idc\":\"hy\"")));
        var first = await GatewayReply.ReadAsync(await host.CallAsync("ArithService", "Add", """{"A":1,"B":2}""", GatewayHost.Auth(more: "\"rpc_tag_idc\":\"lf\"")));
        var second = await GatewayReply.ReadAsync(await host.CallAsync("ArithService", "Add", """{"A":1,"B":2}""", GatewayHost.Auth(more: "\"rpc_tag_idc\":\"lf\"")));

        otherTag.AssertCleanError(403, "PermissionDenied", "tag 'idc' does not match");
        Assert.Equal(200, first.Status);
        Assert.Equal(3, first.Body.GetProperty("Reply").GetInt64());
        second.AssertCleanError(429, "ResourceExhausted", "rate limit");
    }

    [Fact]
    public async Task A_host_whose_client_reaches_no_instance_answers_503()
    {
        await using var host = await GatewayHost.StartAsync(serve: false);

        var reply = await GatewayReply.ReadAsync(await host.CallAsync("ArithService", "Add", """{"A":1,"B":2}"""));

        Assert.Equal(503, reply.Status);
        Assert.Equal("Unavailable", reply.Error.Status);
        Assert.DoesNotContain("   at ", reply.Error.Message, StringComparison.Ordinal);
    }

    private async Task BehaveAsync(RpcStatusCode code)
    {
        var reply = await GatewayReply.ReadAsync(await Host.CallAsync("FleetService", "Behave", $$"""{"FailWith":{{(int)code}},"DelayMs":0,"SlowEvery":1}"""));
        Assert.Equal(200, reply.Status);
    }
}
