using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests;

/// <summary>A host that cannot start says why in one line and exits 2.</summary>
public sealed class StartupErrorTests : IDisposable
{
    private static readonly TimeSpan ProgramTimeout = TimeSpan.FromSeconds(60);
    private readonly string directory = Directory.CreateTempSubdirectory("plugrpc-startup-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task A_plugins_json_that_is_not_json_stops_the_host()
    {
        var config = Write("{ \"plugins\": [ ");

        var run = await Host(config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("plugrpc-host:", run.Stderr);
        Assert.Contains(config, run.Stderr);
    }

    [Fact]
    public async Task A_listed_plugin_that_is_missing_stops_the_host_naming_it_and_the_path()
    {
        var config = Write($$"""
            { "pluginsDirectory": "{{RepoPaths.PluginsDirectory}}",
              "plugins": [ { "name": "PlugRpc.Codec.Nowhere" } ] }
            """);

        var run = await Host(config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("PlugRpc.Codec.Nowhere", run.Stderr);
        Assert.Contains(Path.Combine(RepoPaths.PluginsDirectory, "PlugRpc.Codec.Nowhere"), run.Stderr);
    }

    [Fact]
    public async Task A_filter_no_plugin_provides_stops_the_host_listing_what_is_there()
    {
        var config = Write($$"""
            { "pluginsDirectory": "{{RepoPaths.PluginsDirectory}}",
              "plugins": [ { "name": "PlugRpc.Codec.MessagePack" }, { "name": "PlugRpc.Transport.Tcp" } ],
              "server": { "filters": [ "auth" ] } }
            """);

        var run = await Host(config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no server filter named 'auth' is registered (registered: none)", run.Stderr);
    }

    [Fact]
    public async Task An_unknown_option_stops_the_host_naming_it()
    {
        var config = Write("""{ "server": { "shutdownWiat": "1s" } }""");

        var run = await Host(config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("shutdownWiat", run.Stderr);
    }

    private string Write(string json)
    {
        var path = Path.Combine(directory, "plugins.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static Task<ProcessRun> Host(string config) =>
        ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Host"), ["--address", $"tcp://127.0.0.1:{FreePort.Next()}", "--config", config], ProgramTimeout);
}
