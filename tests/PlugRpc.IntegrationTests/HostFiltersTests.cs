using System.Text.Json;
using System.Text.Json.Nodes;
using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests;

/// <summary>
/// The host with the tags and ratelimit filters loaded from their plugin folders (ratelimit with its package beside
/// it), as plugins.json names them, and the CLI calling it as a tagged and an untagged client.
/// </summary>
public sealed class HostFiltersTests : IAsyncLifetime
{
    private static readonly TimeSpan ProgramTimeout = TimeSpan.FromSeconds(60);
    private readonly string address = $"tcp://127.0.0.1:{FreePort.Next()}";
    private readonly string directory = Directory.CreateTempSubdirectory("plugrpc-filters-").FullName;
    private ProcessRun host = null!;

    public async Task InitializeAsync()
    {
        host = ProcessRun.Start(RepoPaths.HostDll("PlugRpc.Host"), ["--address", address, "--config", WriteConfig("server", "lf")]);
        await host.WaitForOutputAsync($"on {address}", ProgramTimeout);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task The_server_refuses_other_tags_then_holds_its_rate()
    {
        var otherTags = await CallAsync(WriteConfig("hy-client", "hy"));
        var first = await CallAsync(WriteConfig("lf-client", "lf"));
        var second = await CallAsync(WriteConfig("lf-client", "lf"));

        Assert.Equal((1, "plugrpc: PermissionDenied: tag 'idc' does not match: this server serves idc=lf"), (otherTags.ExitCode, otherTags.Stderr.Trim()));
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal("{\"Reply\":3}", first.Stdout.Trim());
        Assert.Equal((1, "plugrpc: ResourceExhausted: rate limit of 0.01 calls per second exceeded for ArithService.Add"), (second.ExitCode, second.Stderr.Trim()));
    }

    private Task<ProcessRun> CallAsync(string config) =>
        ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Cli"), ["call", address, "ArithService.Add", "{\"A\":1,\"B\":2}", "--config", config], ProgramTimeout);

    /// <summary>
    /// The repository's plugins.json with absolute paths; the server lists auth, tags and ratelimit (0.01 a second, a
    /// burst of 1, no queue) and serves idc=lf; the client sends idc=<paramref name="idc"/>.
    /// </summary>
    private string WriteConfig(string name, string idc)
    {
        var manifest = RepoManifest.Load();

        foreach (var plugin in manifest["plugins"]!.AsArray())
        {
            if (plugin!["name"]!.GetValue<string>() == "PlugRpc.Filters.RateLimit")
            {
                plugin["settings"] = JsonNode.Parse("""{"permitsPerSecond": 0.01, "burst": 1, "queue": 0}""");
            }
        }

        manifest["server"]!["filters"] = JsonNode.Parse("""["auth", "tags", "ratelimit"]""");
        manifest["server"]!["tags"] = JsonNode.Parse("""{"idc": "lf"}""");
        manifest["client"]!["filters"] = JsonNode.Parse("""["auth", "tags"]""");
        manifest["client"]!["tags"] = new JsonObject { ["idc"] = idc };
        var path = Path.Combine(directory, $"{name}.json");
        File.WriteAllText(path, manifest.ToJsonString());
        return path;
    }
}
