using PlugRpc.Client;
using PlugRpc.Components;
using PlugRpc.Fixtures.Fleet;
using PlugRpc.Options;

namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>
/// Host processes on loopback, each with its own plugins.json in a temporary folder, started together and killed
/// together on dispose; and a control client that steers and reads each host's FleetService directly by address.
/// </summary>
internal sealed class Fleet : IAsyncDisposable
{
    private static readonly TimeSpan ControlTimeout = TimeSpan.FromSeconds(5);
    private readonly DirectoryInfo directory;
    private readonly Autofac.IContainer container;
    private readonly RpcClient control;

    private Fleet(DirectoryInfo directory, IReadOnlyList<FleetHost> hosts)
    {
        this.directory = directory;
        Hosts = hosts;
        container = TestBed.BuildContainer();
        control = container.CreateRpcClient(new ClientOptions { RequestTimeout = ControlTimeout });
    }

    public IReadOnlyList<FleetHost> Hosts { get; }

    public FleetHost this[int index] => Hosts[index];

    /// <summary>Starts one host per spec, all at once, and returns when every one listens.</summary>
    public static async Task<Fleet> StartAsync(IReadOnlyList<FleetHostSpec> specs)
    {
        var directory = Directory.CreateTempSubdirectory("plugrpc-fleet-");
        var ports = new HashSet<int>();
        while (ports.Count < specs.Count)
        {
            ports.Add(FreePort.Next());
        }

        var starts = specs.Zip(ports, (spec, port) => FleetHost.StartAsync(spec, port, directory.FullName)).ToArray();
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync();
            }

            directory.Delete(recursive: true);
            throw;
        }

        return new Fleet(directory, [.. starts.Select(s => s.Result)]);
    }

    public FleetHost Named(string name) => Hosts.Single(h => h.Name == name);

    /// <summary>Client options listing <paramref name="hosts"/> (all, by default) as instances, with their tags.</summary>
    public ClientOptions ClientOptions(IEnumerable<FleetHost>? hosts = null) => new()
    {
        RequestTimeout = TimeSpan.FromSeconds(5),
        Instances = [.. (hosts ?? Hosts).Select(h => new InstanceOptions { Address = h.Address, Tags = new(h.Spec.Tags) })],
    };

    /// <summary>Tells <paramref name="host"/> how to answer Work from now on.</summary>
    public Task BehaveAsync(FleetHost host, Behaviour behaviour) =>
        control.CallAsync<Behaviour, Behaviour>("FleetService.Behave", behaviour, At(host));

    /// <summary>How many Work calls <paramref name="host"/> has served, restarting its count when <paramref name="reset"/>.</summary>
    public async Task<long> CountAsync(FleetHost host, bool reset = false) =>
        (await control.CallAsync<CountRequest, CountReply>("FleetService.Count", new CountRequest { Reset = reset }, At(host))).Served;

    public async Task<SlowReport> SlowReportAsync(FleetHost host, string id) =>
        await control.CallAsync<SlowRequest, SlowReport>("FleetService.WasCancelled", new SlowRequest { Id = id }, At(host));

    /// <summary>Every serving host answers at once again, its count at zero (between tests sharing the fleet).</summary>
    public async Task ResetAsync()
    {
        foreach (var host in Hosts.Where(h => h.Serving))
        {
            await BehaveAsync(host, new Behaviour());
            await CountAsync(host, reset: true);
        }
    }

    /// <summary>
    /// A few calls of each kind to every host, so that the first calls of a test do not pay for the JIT in the
    /// hosts and in this process (what latency-driven tests would otherwise measure); each host must know its name.
    /// </summary>
    public async Task WarmUpAsync()
    {
        foreach (var host in Hosts)
        {
            var identity = await control.CallAsync<Nothing, HostIdentity>("FleetService.Who", new Nothing(), At(host));
            if (identity.Name != host.Name)
            {
                throw new InvalidOperationException($"{host} answers as {identity.Name} (process {identity.ProcessId})");
            }

            for (var i = 0; i < 20; i++)
            {
                await control.CallAsync<WorkRequest, WorkReply>("FleetService.Work", new WorkRequest { Id = i }, At(host));
            }

            await SlowReportAsync(host, "warm-up");
        }

        await ResetAsync();
    }

    /// <summary>The log of every host, for a failure message.</summary>
    public string Logs() => string.Join("\n", Hosts.Select(h => $"--- {h}:\n{h.Log}"));

    public async ValueTask DisposeAsync()
    {
        await control.DisposeAsync();
        await container.DisposeAsync();
        foreach (var host in Hosts)
        {
            await host.DisposeAsync();
        }

        directory.Delete(recursive: true);
    }

    private static CallOptions At(FleetHost host) => new() { Address = host.Address };
}
