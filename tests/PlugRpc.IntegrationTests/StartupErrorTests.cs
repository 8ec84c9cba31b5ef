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

    [Fact]
    public async Task A_misspelt_plugin_setting_stops_the_host_naming_its_path_and_the_valid_keys()
    {
        var config = Write($$"""
            { "pluginsDirectory": "{{RepoPaths.PluginsDirectory}}",
              "plugins": [ { "name": "PlugRpc.Codec.MessagePack" }, { "name": "PlugRpc.Filters.Auth", "settings": { "tokn": "x" } } ] }
            """);

        var run = await Host(config);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["plugrpc-host: plugin 'PlugRpc.Filters.Auth': unknown key plugins[1].settings.tokn (valid: token, tokens)"], ErrorLines(run));
    }

    [Theory]
    [InlineData("tcp://127.0.0.1", "plugrpc-host: 'tcp://127.0.0.1' has no host:port target (a port from 0 to 65535, e.g. tcp://127.0.0.1:7000)")]
    [InlineData("tcp://127.0.0.1:99999", "plugrpc-host: 'tcp://127.0.0.1:99999' has no host:port target (a port from 0 to 65535, e.g. tcp://127.0.0.1:7000)")]
    [InlineData("foo://127.0.0.1:1", "plugrpc-host: no transport for 'foo://' addresses is loaded (loaded: tcp, tls); add its plugin to plugins.json")]
    public async Task A_bad_address_stops_the_host_with_one_line_and_no_stack_trace(string address, string expected)
    {
        var config = Write($$"""
            { "pluginsDirectory": "{{RepoPaths.PluginsDirectory}}",
              "plugins": [ { "name": "PlugRpc.Codec.MessagePack" }, { "name": "PlugRpc.Transport.Tcp" } ] }
            """);

        var run = await ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Host"), ["--address", address, "--config", config], ProgramTimeout);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([expected], ErrorLines(run));
    }

    [Fact]
    public async Task A_weight_out_of_range_names_the_range()
    {
        var run = await ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Host"), ["--weight", "99999999999"], ProgramTimeout);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"plugrpc-host: --weight needs a value that is a number from 1 to {int.MaxValue} (try --help)", run.Stderr.Trim());
    }

    /// <summary>What the host wrote to stderr besides its start-up log (the plugins it loaded): the error, one line.</summary>
    private static string[] ErrorLines(ProcessRun run) =>
        run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.Contains(" INFO ", StringComparison.Ordinal)).ToArray();

    private string Write(string json)
    {
        var path = Path.Combine(directory, "plugins.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static Task<ProcessRun> Host(string config) =>
        ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Host"), ["--address", $"tcp://127.0.0.1:{FreePort.Next()}", "--config", config], ProgramTimeout);
}
