using System.Text.Json.Nodes;
using PlugRpc.Fixtures.Ledger;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Registry.Tests.Infrastructure;

namespace PlugRpc.Registry.Tests.Reliability;

/// <summary>
/// PlugRpc.Host processes serving the LedgerService, registered under one app key in a real registry, each with a
/// ledger file of its own in one folder (those of hosts killed or stopped stay there); a host may sit behind a
/// <see cref="LoopbackProxy"/> whose address it advertises. Disposing kills whatever still runs.
/// </summary>
internal sealed class LedgerFleet(string registry, string appKey) : IAsyncDisposable
{
    public const string ServiceAssembly = "PlugRpc.Fixtures.LedgerService";

    private static readonly string[] Plugins = ["PlugRpc.Codec.MessagePack", "PlugRpc.Transport.Tcp", "PlugRpc.Registry.ZooKeeper", "PlugRpc.Registry.Etcd"];

    private readonly TempFolder folder = new();
    private readonly List<LedgerHost> hosts = [];
    private int started;

    /// <summary>Every host started, gone or not, in the order they were started (h1, h2, …).</summary>
    public IReadOnlyList<LedgerHost> Hosts
    {
        get
        {
            lock (hosts)
            {
                return [.. hosts.OrderBy(h => h.Number)];
            }
        }
    }

    /// <summary>The hosts still serving (or paused), oldest first.</summary>
    public IEnumerable<LedgerHost> Live => Hosts.Where(h => !h.Gone);

    /// <summary>Starts host h1, h2, … (behind a new proxy when <paramref name="proxied"/>); returns once it is registered.</summary>
    public async Task<LedgerHost> StartHostAsync(bool proxied = false)
    {
        var number = Interlocked.Increment(ref started);
        var name = $"h{number}";
        var port = FreePort.Next();
        var proxy = proxied ? LoopbackProxy.Start(port) : null;
        var ledger = Path.Combine(folder.Path, name + ".ledger");
        try
        {
            var process = await RegistryHost.StartAsync(new RegistryHostLaunch(registry, appKey, folder.Path)
            {
                Address = $"tcp://127.0.0.1:{port}",
                Advertise = proxy?.Address,
                Config = WriteConfig(),
                Environment = new Dictionary<string, string> { [LedgerService.NameVariable] = name, [LedgerService.FileVariable] = ledger },
            });
            var host = new LedgerHost(number, process, ledger, proxy);
            lock (hosts)
            {
                hosts.Add(host);
            }

            return host;
        }
        catch
        {
            if (proxy is not null)
            {
                await proxy.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>How many times each Apply id was executed, over the ledgers of every host started.</summary>
    public Dictionary<long, int> Executions()
    {
        var executions = new Dictionary<long, int>();
        foreach (var host in Hosts.Where(h => File.Exists(h.Ledger)))
        {
            foreach (var id in LedgerFile.Read(host.Ledger))
            {
                executions[id] = executions.GetValueOrDefault(id) + 1;
            }
        }

        return executions;
    }

    /// <summary>The log of every host, for a failure message.</summary>
    public string Logs() => string.Join("\n", Hosts.Select(h => $"--- {h}:\n{h.Process.Log}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Hosts)
        {
            await host.DisposeAsync();
        }

        folder.Dispose();
    }

    /// <summary>The hosts' plugins.json: msgpack over TCP, both registries, the LedgerService, short shutdown waits.</summary>
    private string WriteConfig()
    {
        var path = Path.Combine(folder.Path, "plugins.json");
        lock (folder)
        {
            if (File.Exists(path))
            {
                return path;
            }

            var manifest = new JsonObject
            {
                ["pluginsDirectory"] = RepoPaths.PluginsDirectory,
                ["plugins"] = new JsonArray([.. Plugins.Select(p => (JsonNode)new JsonObject { ["name"] = p })]),
                ["services"] = new JsonArray(new JsonObject { ["assembly"] = Path.Combine(RepoPaths.ServicesDirectory, ServiceAssembly, ServiceAssembly + ".dll") }),
                ["server"] = new JsonObject { ["shutdownWait"] = "2s", ["deregisterDelay"] = "500ms", ["filters"] = new JsonArray() },
            };
            File.WriteAllText(path, manifest.ToJsonString());
        }

        return path;
    }
}
