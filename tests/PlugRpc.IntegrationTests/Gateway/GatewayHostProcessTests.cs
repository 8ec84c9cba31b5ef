using System.Text;
using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests.Gateway;

/// <summary>
/// PlugRpc.Host as a user runs it: --gateway URL turns the gateway on (its plugin loaded from its folder although
/// plugins.json does not list it), and a URL it cannot listen on is one line and exit code 2.
/// </summary>
public sealed class GatewayHostProcessTests : IDisposable
{
    private static readonly TimeSpan ProgramTimeout = TimeSpan.FromSeconds(60);
    private readonly string directory = Directory.CreateTempSubdirectory("plugrpc-gateway-host-").FullName;

    [Fact]
    public async Task The_gateway_option_serves_calls_over_http_and_stops_with_the_host()
    {
        var gateway = $"http://127.0.0.1:{FreePort.Next()}";
        await using var host = ProcessRun.Start(
            RepoPaths.HostDll("PlugRpc.Host"),
            ["--address", $"tcp://127.0.0.1:{FreePort.Next()}", "--gateway", gateway, "--config", WriteConfig()]);
        await host.WaitForOutputAsync($"gateway listening on {gateway}", ProgramTimeout);
        using var http = new HttpClient { BaseAddress = new Uri(gateway) };

        var reply = await GatewayReply.ReadAsync(await http.SendAsync(GatewayHost.Post("/ArithService/Add", """{"A":20,"B":22}""", GatewayHost.Auth())));
        var refused = await GatewayReply.ReadAsync(await http.SendAsync(GatewayHost.Post("/ArithService/Add", """{"A":20,"B":22}""")));
        host.Terminate();
        await host.WaitForExitAsync(ProgramTimeout);

        Assert.Equal(200, reply.Status);
        Assert.Equal(42, reply.Body.GetProperty("Reply").GetInt64());
        refused.AssertCleanError(401, "Unauthenticated", RpcErrors.AuthFailed);
        Assert.Equal(0, host.ExitCode);
        Assert.Contains("gateway stopped", host.Stderr, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/fleet/health"));
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:8080", "is not an http:// or https:// URL")]
    [InlineData("http://example.org:8080", "names host 'example.org'")]
    [InlineData("http://127.0.0.1:8080/api", "has a path")]
    public async Task A_gateway_url_it_cannot_use_is_one_line_and_exit_code_2(string url, string problem)
    {
        var run = await ProcessRun.RunAsync(
            RepoPaths.HostDll("PlugRpc.Host"),
            ["--address", $"tcp://127.0.0.1:{FreePort.Next()}", "--gateway", url, "--config", WriteConfig()],
            ProgramTimeout);

        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("plugrpc-host:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, run.ExitCode);
        Assert.Single(lines);
        Assert.Contains($"gateway: settings.url '{url}' {problem}", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>The repository's plugins.json with absolute paths, as it is: it does not list the gateway.</summary>
    private string WriteConfig()
    {
        var path = Path.Combine(directory, $"plugins-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, RepoManifest.Load().ToJsonString(), Encoding.UTF8);
        return path;
    }
}
