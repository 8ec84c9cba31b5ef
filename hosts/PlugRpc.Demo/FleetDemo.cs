using System.Diagnostics;
using Autofac;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PlugRpc.Cli;
using PlugRpc.Client;
using PlugRpc.Hosting;
using PlugRpc.Options;
using PlugRpc.Plugins;
using PlugRpc.Samples.Arith;

namespace PlugRpc.Demo;

/// <summary>
/// The demo's second part: three host processes found through the embedded file registry (nothing to install), calls
/// spread over them, one host killed under load (failover, then its entry expires), one stopped gracefully (it
/// deregisters first).
/// </summary>
internal static class FleetDemo
{
    private const string AppKey = "demo-arith";

    public static async Task<int> RunAsync(string config, Action<string, string, bool> show)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"plugrpc-demo-{Environment.ProcessId}");
        var registry = $"file://{folder}?ttl=1s";
        Console.WriteLine($"three hosts, found through the file registry {registry} (no server to install):");
        var hosts = new List<DemoHost>();
        try
        {
            hosts.AddRange(await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => DemoHost.StartAsync(registry, AppKey, config))));
            var tally = new InstanceTally();
            using var clientHost = ClientOf(config, registry, tally);
            var client = clientHost.Services.GetRequiredService<RpcClient>();
            await client.Listed;
            await Until(() => client.Instances.Count == 3, TimeSpan.FromSeconds(5));
            show("instances listed", string.Join(", ", client.Instances.Select(i => i.Address)), client.Instances.Count == 3);

            await Task.WhenAll(Enumerable.Range(0, 300).Select(i => client.CallAsync<ArithRequest, ArithResponse>("ArithService.Add", new ArithRequest { A = i, B = 1 })));
            var spread = tally.Snapshot();
            show("300 calls, answered per host", string.Join(", ", spread.Values), spread.Count == 3 && spread.Values.All(n => n > 0));

            var victim = hosts[0];
            Task<TimeSpan>? expiry = null;
            var (calls, failed) = await UnderLoadAsync(client, () =>
            {
                victim.Kill();
                expiry = Until(() => client.Instances.Count == 2, TimeSpan.FromSeconds(5));
            });
            show("a host killed (SIGKILL) under load", $"{calls} calls, {failed} failed (failover retried the rest)", failed == 0);
            var expired = await expiry!;
            show("its registry entry expired (ttl 1 s)", $"after {expired.TotalMilliseconds:0} ms; {client.Instances.Count} instances left", client.Instances.Count == 2);

            var leaving = hosts[1];
            (calls, failed) = await UnderLoadAsync(client, () => leaving.StopAsync().GetAwaiter().GetResult());
            show("a host stopped gracefully under load", $"{calls} calls, {failed} failed (it deregistered first)", failed == 0 && client.Instances.Count == 1);
            return 0;
        }
        finally
        {
            foreach (var host in hosts)
            {
                host.Dispose();
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the temp directory's cleaner.
            }
        }
    }

    /// <summary>A client of the registry with failover, Add marked idempotent so a call lost with a killed host may be retried elsewhere.</summary>
    private static IHost ClientOf(string config, string registry, InstanceTally tally) =>
        Host.CreateDefaultBuilder()
            .UsePlugRpc(config, o =>
            {
                o.Serve = false;
                o.MinimumLogLevel = LogLevel.Error;
                o.ConfigureClient = client =>
                {
                    client.Addresses = [];
                    client.Instances = [];
                    client.Registry = registry;
                    client.AppKey = AppKey;
                    client.FailMode = FailMode.FailOver;
                    client.IdempotentMethods = ["ArithService.Add"];
                    client.Filters = [InstanceTally.FilterName];
                };
            })
            .ConfigureContainer<ContainerBuilder>(builder => builder.RegisterClientFilter(InstanceTally.FilterName, _ => tally))
            .Build();

    private static async Task<(int Calls, int Failed)> UnderLoadAsync(RpcClient client, Action during)
    {
        using var stop = new CancellationTokenSource();
        var calls = 0;
        var failed = 0;
        var workers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await client.CallAsync<ArithRequest, ArithResponse>("ArithService.Add", new ArithRequest { A = 1, B = 2 });
                    Interlocked.Increment(ref calls);
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })).ToArray();
        await Task.Delay(300);
        during();
        await Task.Delay(1500);
        stop.Cancel();
        await Task.WhenAll(workers);
        return (calls, failed);
    }

    /// <summary>How long until <paramref name="condition"/> held (or <paramref name="limit"/> passed).</summary>
    private static async Task<TimeSpan> Until(Func<bool> condition, TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        while (!condition() && waited.Elapsed < limit)
        {
            await Task.Delay(20);
        }

        return waited.Elapsed;
    }
}
