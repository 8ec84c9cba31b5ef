namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>
/// One host process of a fleet (hosts/PlugRpc.Host serving the FleetService on a loopback port): killed with
/// SIGKILL, paused with SIGSTOP and resumed with SIGCONT as a test needs.
/// </summary>
internal sealed class FleetHost : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly ProcessRun process;

    private FleetHost(FleetHostSpec spec, string address, ProcessRun process)
    {
        Spec = spec;
        Address = address;
        this.process = process;
    }

    public FleetHostSpec Spec { get; }

    public string Name => Spec.Name;

    public string Address { get; }

    public bool Paused { get; private set; }

    /// <summary>Running and not paused: it answers.</summary>
    public bool Serving => !process.HasExited && !Paused;

    /// <summary>What the host logged, for failure messages.</summary>
    public string Log => process.Stderr + process.Stdout;

    /// <summary>Starts the host on <paramref name="port"/> with a plugins.json written into <paramref name="directory"/>; returns once it listens.</summary>
    public static async Task<FleetHost> StartAsync(FleetHostSpec spec, int port, string directory)
    {
        var address = $"tcp://127.0.0.1:{port}";
        var config = FleetConfig.Write(spec, directory);
        var process = ProcessRun.Start(
            RepoPaths.HostDll("PlugRpc.Host"),
            ["--address", address, "--config", config],
            directory,
            new Dictionary<string, string> { [Fixtures.Fleet.FleetService.NameVariable] = spec.Name });
        var host = new FleetHost(spec, address, process);
        try
        {
            await process.WaitForOutputAsync($"on {address}", StartTimeout);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>SIGKILL: the process ends at once, its connections reset by the kernel.</summary>
    public void Kill() => process.Kill();

    /// <summary>SIGSTOP: the process stays, its sockets stay open, and nothing answers.</summary>
    public void Pause()
    {
        process.Signal("STOP");
        Paused = true;
    }

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume()
    {
        process.Signal("CONT");
        Paused = false;
    }

    public override string ToString() => $"{Name} ({Address})";

    public async ValueTask DisposeAsync() => await process.DisposeAsync();
}
