using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using PlugRpc.IntegrationTests.Gateway;
using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests.Dashboard;

/// <summary>
/// Who sees the dashboard: loopback callers always; a caller off loopback (the gateway bound on this machine's
/// non-loopback address and called there) only with one of the auth plugin's tokens, as a Bearer header or ?token=;
/// without the auth plugin, never (403, one line saying why).
/// </summary>
public sealed class DashboardAccessTests
{
    private static readonly string[] Paths = ["/dashboard", "/dashboard/data", "/dashboard/events"];

    [Fact]
    public async Task A_loopback_caller_gets_the_page_and_its_data_without_a_token()
    {
        await using var host = await GatewayHost.StartAsync();

        using var page = await host.Http.GetAsync("/dashboard");
        using var data = await host.Http.GetAsync("/dashboard/data");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<title>PlugRpc dashboard</title>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        Assert.DoesNotContain("://", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, data.StatusCode);
        var servers = JsonNode.Parse(await data.Content.ReadAsStringAsync())!["servers"]!.AsArray();
        Assert.Contains(servers, s => s!["addresses"]!.AsArray().Any(a => a!.GetValue<string>() == host.RpcAddress));
    }

    [NonLoopbackFact]
    public async Task Off_loopback_each_route_needs_an_accepted_token_as_a_bearer_header_or_a_query()
    {
        await using var host = await GatewayHost.StartAsync(gatewayUrl: $"http://{NonLoopbackAddress.Find()}:0");
        Assert.False(IPAddress.IsLoopback(IPAddress.Parse(host.Url.Host)));

        foreach (var path in Paths)
        {
            using var none = await host.Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            using var wrong = await GetAsync(host, path, bearer: "not-the-token");
            using var bearer = await GetAsync(host, path, bearer: GatewayHost.Token);
            using var query = await host.Http.GetAsync($"{path}?token={GatewayHost.Token}", HttpCompletionOption.ResponseHeadersRead);

            await AssertOneLineAsync(none, HttpStatusCode.Unauthorized, $"dashboard: {host.Url.Host} is not a loopback caller: give one of the auth plugin's tokens as 'Authorization: Bearer TOKEN' or '?token=TOKEN'");
            await AssertOneLineAsync(wrong, HttpStatusCode.Unauthorized, "dashboard: the token given is not one the auth plugin accepts");
            Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
            Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        }
    }

    [NonLoopbackFact]
    public async Task Off_loopback_without_the_auth_plugin_it_is_403_with_the_reason_and_loopback_still_sees_it()
    {
        await using var remote = await GatewayHost.StartAsync(WithoutAuth, gatewayUrl: $"http://{NonLoopbackAddress.Find()}:0");
        await using var local = await GatewayHost.StartAsync(WithoutAuth);

        foreach (var path in Paths)
        {
            using var refused = await GetAsync(remote, path, bearer: GatewayHost.Token);
            using var served = await local.Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);

            await AssertOneLineAsync(refused, HttpStatusCode.Forbidden, $"dashboard: open to loopback callers only, and {remote.Url.Host} is not one (no auth plugin with settings.tokens is loaded to accept a token)");
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }
    }

    /// <summary>The repository's manifest without the auth plugin and the filters that need it.</summary>
    private static void WithoutAuth(JsonNode manifest)
    {
        var plugins = manifest["plugins"]!.AsArray();
        plugins.Remove(plugins.Single(p => p!["name"]!.GetValue<string>() == "PlugRpc.Filters.Auth"));
        manifest["server"]!["filters"] = new JsonArray();
        manifest["client"]!["filters"] = new JsonArray();
    }

    private static Task<HttpResponseMessage> GetAsync(GatewayHost host, string path, string bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return host.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static async Task AssertOneLineAsync(HttpResponseMessage response, HttpStatusCode status, string line)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(line + "\n", await response.Content.ReadAsStringAsync());
    }
}
