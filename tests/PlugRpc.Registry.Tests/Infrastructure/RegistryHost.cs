using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.Registry.Tests.Infrastructure;

/// <summary>
/// A PlugRpc.Host process serving the sample ArithService on a free loopback port, registered through
/// `--registry URL --app KEY` with the repository's plugins (no auth filter, short shutdown waits), or as a
/// <see cref="RegistryHostLaunch"/> says (its own config, address, advertised address, environment).
/// </summary>
internal sealed class RegistryHost : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ProcessRun process;

    private RegistryHost(string address, ProcessRun process)
    {
        Address = address;
        this.process = process;
    }

    public string Address { get; }

    public string Log => process.Stderr + process.Stdout;

    public bool HasExited => process.HasExited;

    public static Task<RegistryHost> StartAsync(string registry, string appKey, string directory, params string[] extra) =>
        StartAsync(new RegistryHostLaunch(registry, appKey, directory) { Extra = extra });

    /// <summary>Starts a host as <paramref name="launch"/> says; returns once it is registered.</summary>
    public static async Task<RegistryHost> StartAsync(RegistryHostLaunch launch)
    {
        var address = launch.Address ?? $"tcp://127.0.0.1:{FreePort.Next()}";
        string[] advertise = launch.Advertise is null ? [] : ["--advertise", launch.Advertise];
        var process = ProcessRun.Start(
            RepoPaths.HostDll("PlugRpc.Host"),
            ["--address", address, "--config", launch.Config ?? WriteConfig(launch.Directory), "--registry", launch.Registry, "--app", launch.AppKey, .. advertise, .. launch.Extra],
            launch.Directory,
            launch.Environment);
        var host = new RegistryHost(address, process);
        try
        {
            await process.WaitForOutputAsync($"registered {launch.Advertise ?? address}", StartTimeout);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>The repository's plugins.json with absolute paths, a server without filters, for any host or CLI of the test.</summary>
    public static string WriteConfig(string directory)
    {
        var path = Path.Combine(directory, "plugins.json");
        if (!File.Exists(path))
        {
            var manifest = RepoManifest.Load();
            manifest["server"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "shutdownWait": "3s", "deregisterDelay": "500ms", "filters": [] }""");
            manifest["client"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "requestTimeout": "3s", "filters": [] }""");
            File.WriteAllText(path, manifest.ToJsonString());
        }

        return path;
    }

    /// <summary>SIGKILL: no deregistration; the registry must notice by itself.</summary>
    public void Kill() => process.Kill();

    /// <summary>SIGSTOP: the process stays, its sockets stay open, and nothing answers.</summary>
    public void Pause() => process.Signal("STOP");

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => process.Signal("CONT");

    /// <summary>SIGTERM: a graceful stop (deregister, wait, drain, close).</summary>
    public async Task StopAsync()
    {
        process.Terminate();
        await process.WaitForExitAsync(TimeSpan.FromSeconds(20));
    }

    public async ValueTask DisposeAsync() => await process.DisposeAsync();
}
