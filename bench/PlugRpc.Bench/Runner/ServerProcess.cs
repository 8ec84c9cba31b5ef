using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace PlugRpc.Bench.Runner;

/// <summary>A contender's server in its own process (this program with --serve), and its allocation and CPU counters.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;

    private ServerProcess(Process process)
    {
        this.process = process;
    }

    public static async Task<ServerProcess> StartAsync(string kind, string address)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        }

        foreach (var argument in new[] { "--serve", kind, "--address", address })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (ready is null || !ready.StartsWith("READY", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"the {kind} server did not start: {ready}");
        }

        return new ServerProcess(process);
    }

    /// <summary>Bytes allocated and CPU time used by the server so far.</summary>
    public async Task<(long Allocated, TimeSpan Cpu)> StatsAsync()
    {
        await process.StandardInput.WriteLineAsync("stats");
        await process.StandardInput.FlushAsync();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? throw new InvalidOperationException("the server stopped");
        var parts = line.Split(' ');
        return (long.Parse(parts[1], CultureInfo.InvariantCulture), TimeSpan.FromTicks(long.Parse(parts[2], CultureInfo.InvariantCulture)));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await process.StandardInput.WriteLineAsync("quit");
            await process.StandardInput.FlushAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is TimeoutException or IOException)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
