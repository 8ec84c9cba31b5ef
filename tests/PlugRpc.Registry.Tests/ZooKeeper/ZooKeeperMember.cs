using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using PlugRpc.Registry.Tests.Infrastructure;

namespace PlugRpc.Registry.Tests.ZooKeeper;

/// <summary>
/// One ZooKeeper server process (standalone, or a member of an ensemble) on a loopback port with its own data
/// directory: started with the java line of the registry notes, ready once `srvr` names its mode, stopped by its PID
/// (SIGTERM, or SIGKILL for a crash), started again with its data kept.
/// </summary>
internal sealed class ZooKeeperMember : IAsyncDisposable
{
    private static readonly TimeSpan ReadyBound = TimeSpan.FromSeconds(30);
    private readonly string directory;
    private ServerProcess? process;

    /// <param name="ensemble">The ensemble's server.N lines and this member's id, or null for a standalone server.</param>
    public ZooKeeperMember(string directory, int clientPort, (int MyId, IReadOnlyList<string> ServerLines)? ensemble = null)
    {
        this.directory = directory;
        ClientPort = clientPort;
        Directory.CreateDirectory(Path.Combine(directory, "data"));
        var config = new StringBuilder()
            .AppendLine("tickTime=500")
            .AppendLine(CultureInfo.InvariantCulture, $"dataDir={Path.Combine(directory, "data")}")
            .AppendLine(CultureInfo.InvariantCulture, $"clientPort={clientPort}")
            .AppendLine("clientPortAddress=127.0.0.1")
            .AppendLine("minSessionTimeout=1000")
            .AppendLine("maxSessionTimeout=60000")
            .AppendLine("maxClientCnxns=0")
            .AppendLine("admin.enableServer=false")
            .AppendLine("4lw.commands.whitelist=srvr");
        if (ensemble is { } e)
        {
            config.AppendLine("initLimit=10").AppendLine("syncLimit=5");
            e.ServerLines.ToList().ForEach(line => config.AppendLine(line));
            File.WriteAllText(Path.Combine(directory, "data", "myid"), e.MyId.ToString(CultureInfo.InvariantCulture));
        }

        File.WriteAllText(ConfigPath, config.ToString());
    }

    public int ClientPort { get; }

    /// <summary>host:port as a client names it.</summary>
    public string Endpoint => $"127.0.0.1:{ClientPort}";

    public bool Running => process is { Running: true };

    private string ConfigPath => Path.Combine(directory, "zoo.cfg");

    public void Start()
    {
        if (Running)
        {
            return;
        }

        var info = new ProcessStartInfo("java") { WorkingDirectory = directory };
        foreach (var argument in new[]
        {
            "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp", $"{RegistryServers.ZooKeeperJar}:{RegistryServers.Slf4jSimpleJar}",
            "org.apache.zookeeper.server.quorum.QuorumPeerMain", ConfigPath,
        })
        {
            info.ArgumentList.Add(argument);
        }

        process?.Dispose();
        process = ServerProcess.Start(info);
    }

    /// <summary>Waits until the server serves clients (standalone, leader or follower); fails with its log after a bound.</summary>
    public async Task WaitServingAsync()
    {
        var deadline = DateTime.UtcNow + ReadyBound;
        while (await ModeAsync() is null)
        {
            if (!Running || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"ZooKeeper on {Endpoint} did not become ready (exited: {!Running}); log:\n{Log}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>"standalone", "leader" or "follower" as `srvr` says; null when it does not answer or is not serving.</summary>
    public async Task<string?> ModeAsync()
    {
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", ClientPort, bound.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("srvr"u8.ToArray(), bound.Token);
            using var reader = new StreamReader(stream);
            var answer = await reader.ReadToEndAsync(bound.Token);
            var mode = answer.Split('\n').FirstOrDefault(l => l.StartsWith("Mode: ", StringComparison.Ordinal));
            return mode?["Mode: ".Length..].Trim();
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL: the member crashes, its clients' sockets are closed by the kernel.</summary>
    public void Kill() => process?.Kill();

    /// <summary>SIGTERM, then SIGKILL if it has not exited within 10 s.</summary>
    public Task StopAsync() => process?.StopAsync(TimeSpan.FromSeconds(10)) ?? Task.CompletedTask;

    public string Log => process?.Log ?? string.Empty;

    public async ValueTask DisposeAsync()
    {
        process?.Dispose();
        await Task.Yield();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
