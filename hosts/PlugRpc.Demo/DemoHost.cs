using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using PlugRpc.Hosting;

namespace PlugRpc.Demo;

/// <summary>
/// One of the demo's hosts: this same program started again with --serve, serving plugins.json's services on a
/// free port and registered in the demo's registry, until it is stopped (SIGTERM) or killed.
/// </summary>
internal sealed class DemoHost : IDisposable
{
    private readonly Process process;

    private DemoHost(Process process, string address)
    {
        this.process = process;
        Address = address;
    }

    public string Address { get; }

    /// <summary>The child's side: serve until stopped.</summary>
    public static async Task<int> ServeAsync(string registry, string appKey, string config)
    {
        using var host = Host.CreateDefaultBuilder()
            .UsePlugRpc(config, o =>
            {
                o.Addresses.Add("tcp://127.0.0.1:0");
                o.ConfigureServer = server =>
                {
                    server.Registry = registry;
                    server.AppKey = appKey;
                    server.DeregisterDelay = TimeSpan.FromMilliseconds(500);
                    server.Filters = [];
                };
            })
            .Build();
        await host.RunAsync();
        return 0;
    }

    /// <summary>Starts a child host and returns once it is registered.</summary>
    public static async Task<DemoHost> StartAsync(string registry, string appKey, string config)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            info.ArgumentList.Add(typeof(DemoHost).Assembly.Location);
        }

        foreach (var argument in new[] { "--serve", registry, appKey, config })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        var registered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The host logs to standard error; its "registered <address> …" line says where it serves.
        process.ErrorDataReceived += (_, e) =>
        {
            var at = e.Data?.IndexOf("registered tcp://", StringComparison.Ordinal) ?? -1;
            if (at >= 0)
            {
                registered.TrySetResult(e.Data![(at + "registered ".Length)..].Split(' ')[0]);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new DemoHost(process, await registered.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: a crash; its registry entry stays until it expires.</summary>
    public void Kill() => process.Kill();

    /// <summary>SIGTERM: a graceful stop; it deregisters first.</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
        }

        process.Dispose();
    }
}
