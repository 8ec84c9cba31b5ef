using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests;

/// <summary>
/// The real host started with a plugins.json that selects a third-party codec whose own dependency DLL is missing
/// or is not an assembly: it does not start, exits 2 and says in one line which plugin and which file.
/// </summary>
public sealed class BrokenPluginDependencyTests(TextCodecPluginFolders folders) : IClassFixture<TextCodecPluginFolders>, IDisposable
{
    private static readonly TimeSpan ProgramTimeout = TimeSpan.FromSeconds(60);
    private readonly string directory = Directory.CreateTempSubdirectory("plugrpc-broken-dependency-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task A_missing_dependency_dll_stops_the_host_naming_the_plugin_and_the_file()
    {
        var plugin = Path.Combine(folders.MissingFolder, "ThirdParty.TextCodec.dll");

        var run = await HostWith(plugin);

        var line = AssertOneErrorLine(run);
        Assert.StartsWith($"plugrpc-host: plugin 'ThirdParty.TextCodec' at {plugin}: its dependency ThirdParty.TextHelper ", line);
        Assert.Contains($"(not found in {folders.MissingFolder})", line);
    }

    [Fact]
    public async Task A_dependency_dll_that_is_not_an_assembly_stops_the_host_naming_the_plugin_and_the_file()
    {
        var plugin = Path.Combine(folders.BrokenFolder, "ThirdParty.TextCodec.dll");

        var run = await HostWith(plugin);

        var line = AssertOneErrorLine(run);
        Assert.StartsWith($"plugrpc-host: plugin 'ThirdParty.TextCodec' at {plugin}: its dependency ThirdParty.TextHelper ", line);
        Assert.Contains($"({Path.Combine(folders.BrokenFolder, TextCodecPluginFolders.DependencyFile)}) cannot be loaded", line);
    }

    /// <summary>Exit 2, and on stderr, besides the start-up log of the plugins that did load, one line: returned.</summary>
    private static string AssertOneErrorLine(ProcessRun run)
    {
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}; stdout: {run.Stdout} stderr: {run.Stderr}");
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.Contains(" INFO ", StringComparison.Ordinal))
            .ToList();
        return Assert.Single(lines);
    }

    private Task<ProcessRun> HostWith(string pluginDll)
    {
        var config = Path.Combine(directory, "plugins.json");
        File.WriteAllText(config, $$"""
            { "pluginsDirectory": "{{RepoPaths.PluginsDirectory}}",
              "plugins": [ { "name": "PlugRpc.Codec.MessagePack" }, { "name": "PlugRpc.Transport.Tcp" },
                           { "name": "ThirdParty.TextCodec", "path": "{{pluginDll}}" } ] }
            """);
        return ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Host"), ["--address", $"tcp://127.0.0.1:{FreePort.Next()}", "--config", config], ProgramTimeout);
    }
}
