using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PlugRpc.Registry.Tests.Infrastructure;

namespace PlugRpc.Registry.Tests.Etcd;

/// <summary>
/// One etcd process on loopback, with its own data folder and ports, started without any ETCD_* variable of the
/// test's environment (etcd reads each as a flag); stopped (SIGTERM) or killed (SIGKILL) by its own PID only.
/// </summary>
internal sealed class EtcdMember : IAsyncDisposable
{

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMilliseconds(500) };

    private readonly string initialCluster;
    private readonly string clusterToken;
    private ServerProcess? process;

    public EtcdMember(string name, string dataDirectory, int clientPort, int peerPort, string initialCluster, string clusterToken)
    {
        Name = name;
        DataDirectory = dataDirectory;
        ClientPort = clientPort;
        PeerPort = peerPort;
        this.initialCluster = initialCluster;
        this.clusterToken = clusterToken;
    }

    public string Name { get; }

    public string DataDirectory { get; }

    public int ClientPort { get; }

    public int PeerPort { get; }

    /// <summary>host:port of the client URL, as an etcd:// URL names it.</summary>
    public string Endpoint => $"127.0.0.1:{ClientPort}";

    public string PeerUrl => $"http://127.0.0.1:{PeerPort}";

    public bool Running => process is { Running: true };

    public string LogTail => process?.Log ?? string.Empty;

    public void Start()
    {
        if (Running)
        {
            throw new InvalidOperationException($"etcd member {Name} is running already");
        }

        var etcd = RegistryServers.Etcd ?? throw new InvalidOperationException("etcd is not installed (scripts/test.sh installs it)");
        var info = new ProcessStartInfo(etcd);
        foreach (var variable in info.Environment.Keys.Where(k => k.StartsWith("ETCD_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(variable);
        }

        var client = $"http://{Endpoint}";
        string[] arguments =
        [
            "--name", Name, "--data-dir", DataDirectory,
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", PeerUrl, "--initial-advertise-peer-urls", PeerUrl,
            "--initial-cluster", initialCluster, "--initial-cluster-token", clusterToken, "--initial-cluster-state", "new",
            "--heartbeat-interval", "25", "--election-timeout", "250", "--logger", "zap", "--log-level", "warn",
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        process?.Dispose();
        process = ServerProcess.Start(info);
    }

    /// <summary>Polls GET /health, then a range over the JSON gateway, until both answer; fails with the log's tail after <paramref name="bound"/>.</summary>
    public async Task WaitReadyAsync(TimeSpan bound)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(bound.TotalSeconds * Stopwatch.Frequency);
        while (!await IsReadyAsync())
        {
            if (!Running)
            {
                throw new InvalidOperationException($"etcd member {Name} exited with {process?.ExitCode}:\n{LogTail}");
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"etcd member {Name} on {Endpoint} was not ready within {bound}:\n{LogTail}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>(this member's id, the leader's id as it sees it), from the JSON gateway's maintenance status.</summary>
    public async Task<(string MemberId, string LeaderId)> StatusAsync()
    {
        using var response = await Http.PostAsync($"http://{Endpoint}/v3/maintenance/status", new StringContent("{}", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        return (root.GetProperty("header").GetProperty("member_id").GetString()!, root.TryGetProperty("leader", out var leader) ? leader.GetString()! : string.Empty);
    }

    /// <summary>SIGTERM, and waits for it to exit (SIGKILL after five seconds).</summary>
    public Task StopAsync() => process?.StopAsync(TimeSpan.FromSeconds(5)) ?? Task.CompletedTask;

    /// <summary>SIGKILL: no shutdown, its sockets closed by the kernel.</summary>
    public void Kill() => process?.Kill();

    public ValueTask DisposeAsync()
    {
        process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            var health = await Http.GetStringAsync($"http://{Endpoint}/health");
            if (!health.Contains("\"health\":\"true\"", StringComparison.Ordinal))
            {
                return false;
            }

            using var range = await Http.PostAsync($"http://{Endpoint}/v3/kv/range", new StringContent("""{"key":"AA=="}""", Encoding.UTF8, "application/json"));
            return range.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
