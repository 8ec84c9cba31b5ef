using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests.Health;

/// <summary>The CLI's health against a host that was told to stop: NOT_SERVING while it drains, exit 1.</summary>
public sealed class CliHealthDrainTests : IDisposable
{
    private static readonly TimeSpan ProgramTimeout = TimeSpan.FromSeconds(60);
    private readonly string directory = Directory.CreateTempSubdirectory("plugrpc-health-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task A_draining_host_is_not_serving()
    {
        var manifest = RepoManifest.Load();
        manifest["server"]!["deregisterDelay"] = "10s";
        var config = Path.Combine(directory, "plugins.json");
        File.WriteAllText(config, manifest.ToJsonString());
        var address = $"tcp://127.0.0.1:{FreePort.Next()}";
        await using var host = ProcessRun.Start(
            RepoPaths.HostDll("PlugRpc.Host"),
            ["--address", address, "--config", config, "--registry", $"file://{directory}/registry", "--app", "arith"]);
        await host.WaitForOutputAsync($"registered {address}", ProgramTimeout);
        var before = await Cli("health", address, "--config", config);

        host.Terminate();
        await host.WaitForOutputAsync($"deregistered {address}", ProgramTimeout);
        var draining = await Cli("health", address, "ArithService", "--config", config);

        Assert.True(before.ExitCode == 0, before.Stderr);
        Assert.Equal($"{address} SERVING", before.Stdout.Trim());
        Assert.Equal(1, draining.ExitCode);
        Assert.Equal($"{address} NOT_SERVING", draining.Stdout.Trim());
        Assert.False(host.HasExited, "the host answered within its deregister delay");
    }

    private static Task<ProcessRun> Cli(params string[] arguments) =>
        ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Cli"), arguments, ProgramTimeout);
}
