using System.Text.Json;
using System.Text.Json.Nodes;
using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests;

/// <summary>The host serving Unix-socket and TLS addresses at once, and the CLI calling each.</summary>
[Collection(TlsCollection.Name)]
public sealed class HostTransportsTests(TestCertificates certificates) : IAsyncLifetime
{
    private static readonly TimeSpan ProgramTimeout = TimeSpan.FromSeconds(60);
    private readonly string socketPath = Path.Combine(Path.GetTempPath(), $"plugrpc-host-{Guid.NewGuid():N}.sock");
    private readonly string tlsAddress = $"tls://127.0.0.1:{FreePort.Next()}";
    private string config = null!;
    private ProcessRun host = null!;

    public async Task InitializeAsync()
    {
        config = WriteConfig();
        host = ProcessRun.Start(RepoPaths.HostDll("PlugRpc.Host"), ["--address", $"unix://{socketPath}", "--address", tlsAddress, "--config", config]);
        await host.WaitForOutputAsync($"on {tlsAddress}", ProgramTimeout);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        File.Delete(config);
    }

    [Fact]
    public async Task The_cli_calls_over_a_unix_socket()
    {
        var run = await Cli("call", $"unix://{socketPath}", "ArithService.Add", "{\"A\":2,\"B\":3}", "--config", config);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("{\"Reply\":5}", run.Stdout.Trim());
    }

    [Fact]
    public async Task The_cli_calls_over_tls()
    {
        var run = await Cli("call", tlsAddress, "ArithService.Add", "{\"A\":2,\"B\":3}", "--config", config, "--codec", "protobuf", "--compress", "gzip");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("{\"Reply\":5}", run.Stdout.Trim());
    }

    [Fact]
    public async Task The_socket_file_is_gone_after_a_graceful_stop()
    {
        Assert.True(File.Exists(socketPath));

        host.Terminate();
        await host.WaitForExitAsync(ProgramTimeout);

        Assert.Equal(0, host.ExitCode);
        Assert.False(File.Exists(socketPath));
    }

    private static Task<ProcessRun> Cli(params string[] arguments) =>
        ProcessRun.RunAsync(RepoPaths.HostDll("PlugRpc.Cli"), arguments, ProgramTimeout);

    /// <summary>The repository's plugins.json with absolute paths and the TCP plugin's TLS settings added.</summary>
    private string WriteConfig()
    {
        var manifest = RepoManifest.Load();

        foreach (var plugin in manifest["plugins"]!.AsArray())
        {
            if (plugin!["name"]!.GetValue<string>() == "PlugRpc.Transport.Tcp")
            {
                plugin["settings"] = JsonNode.Parse(certificates.TcpSettings().GetRawText());
            }
        }

        var path = Path.Combine(certificates.Directory, $"plugins-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, manifest.ToJsonString());
        return path;
    }
}
