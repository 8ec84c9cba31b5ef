namespace PlugRpc.IntegrationTests.Gateway;

/// <summary>Bad requests to the gateway: each answered with one clear JSON error and the right status, never a stack trace.</summary>
public sealed class GatewayBadInputTests(GatewayServing serving) : IClassFixture<GatewayServing>
{
    private const string Add = "/ArithService/Add";
    private const string Good = """{"A":1,"B":2}""";

    public static TheoryData<string, string, string?, string, string?, int, string, string> Cases => new()
    {
        // method, path, body, content type, rpc-header-meta_data, HTTP status, status, part of the message
        { "POST", Add, """{"A":1,""", "application/json", GatewayHost.Auth(), 400, "InvalidArgument", "not valid JSON" },
        { "POST", Add, string.Empty, "application/json", GatewayHost.Auth(), 400, "InvalidArgument", "body is empty" },
        { "POST", Add, """{"A":"one","B":2}""", "application/json", GatewayHost.Auth(), 400, "InvalidArgument", "cannot decode ArithRequest" },
        { "POST", Add, Good, "text/plain", GatewayHost.Auth(), 415, "InvalidArgument", "Content-Type: application/json" },
        { "POST", Add, "A=1&B=2", "application/x-www-form-urlencoded", GatewayHost.Auth(), 415, "InvalidArgument", "Content-Type: application/json" },
        { "POST", Add, Good, "application/json", "{rpc_auth", 400, "InvalidArgument", "rpc-header-meta_data is not valid JSON" },
        { "POST", Add, Good, "application/json", """["hello01"]""", 400, "InvalidArgument", "rpc-header-meta_data must be a JSON object" },
        { "POST", Add, Good, "application/json", GatewayHost.Auth(more: "\"rpc_deadline_ms\":\"soon\""), 400, "InvalidArgument", "rpc_deadline_ms" },
        { "POST", "/NoSuchService/Add", Good, "application/json", GatewayHost.Auth(), 404, "NotFound", RpcErrors.ServiceNotFound },
        { "POST", "/ArithService/NoSuchMethod", Good, "application/json", GatewayHost.Auth(), 404, "NotFound", RpcErrors.MethodNotFound },
        { "GET", Add, null, "application/json", GatewayHost.Auth(), 405, "InvalidArgument", "a call is POST /{Service}/{Method}" },
        { "GET", "/nowhere", null, "application/json", null, 404, "NotFound", "no route for GET /nowhere" },
        { "POST", "/ArithService/Add/more", Good, "application/json", GatewayHost.Auth(), 404, "NotFound", "no route for POST /ArithService/Add/more" },
        { "GET", "/favicon.ico", null, "application/json", null, 404, "NotFound", "no route" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_request_gets_one_clear_error(string method, string path, string? body, string contentType, string? metaData, int status, string rpcStatus, string message)
    {
        using var request = body is null
            ? new HttpRequestMessage(new HttpMethod(method), path)
            : GatewayHost.Post(path, body, contentType: contentType);
        request.Method = new HttpMethod(method);
        if (metaData is not null)
        {
            request.Headers.TryAddWithoutValidation("rpc-header-meta_data", metaData);
        }

        var reply = await GatewayReply.ReadAsync(await serving.Host.Http.SendAsync(request));

        reply.AssertCleanError(status, rpcStatus, message);
    }

    [Fact]
    public async Task Malformed_go_rpc_headers_are_refused_naming_the_header()
    {
        var seq = await SendWithHeaderAsync(Add, "rpc-header-seq", "minus one");
        var compressed = await SendWithHeaderAsync("/invoke", "rpc-header-compress_type", "1");
        var encoding = await SendWithHeaderAsync("/invoke", "rpc-header-serialize_type", "7");

        seq.AssertCleanError(400, "InvalidArgument", "rpc-header-seq is 'minus one'");
        compressed.AssertCleanError(400, "InvalidArgument", "uncompressed bodies");
        encoding.AssertCleanError(400, "InvalidArgument", "rpc-header-serialize_type 7 is not one the gateway reads");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        var huge = $$"""{"A":1,"B":2,"Pad":"{{new string('x', GatewayServing.MaxBodyBytes + 1024)}}"}""";

        var reply = await GatewayReply.ReadAsync(await serving.Host.CallAsync("ArithService", "Add", huge));

        reply.AssertCleanError(413, "ResourceExhausted", "too large");
    }

    private async Task<GatewayReply> SendWithHeaderAsync(string path, string name, string value)
    {
        using var request = GatewayHost.Post(path, Good, GatewayHost.Auth());
        request.Headers.TryAddWithoutValidation(name, value);
        request.Headers.TryAddWithoutValidation("rpc-header-service_name", "ArithService");
        request.Headers.TryAddWithoutValidation("rpc-header-method_name", "Add");
        return await GatewayReply.ReadAsync(await serving.Host.Http.SendAsync(request));
    }
}
