using System.Diagnostics;
using System.Globalization;

namespace PlugRpc.Registry.Tests.Infrastructure;

/// <summary>
/// A registry server program a test started: its output kept (the last lines, for failure messages), stopped by its
/// own PID only (SIGTERM with a bound, then SIGKILL) or killed (SIGKILL, a crash).
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private const int LogLines = 200;

    private readonly Process process;
    private readonly Queue<string> log = new();

    private ServerProcess(Process process)
    {
        this.process = process;
    }

    public bool Running => !process.HasExited;

    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    public string Log
    {
        get
        {
            lock (log)
            {
                return string.Join('\n', log);
            }
        }
    }

    /// <summary>Starts <paramref name="info"/> with its output redirected into <see cref="Log"/>.</summary>
    public static ServerProcess Start(ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var started = new ServerProcess(new Process { StartInfo = info });
        started.process.OutputDataReceived += (_, e) => started.Append(e.Data);
        started.process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        started.process.Start();
        started.process.BeginOutputReadLine();
        started.process.BeginErrorReadLine();
        return started;
    }

    /// <summary>SIGTERM, and waits for it to exit; SIGKILL if it has not within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!Running)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var bound = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    /// <summary>SIGKILL: no shutdown, its sockets closed by the kernel.</summary>
    public void Kill()
    {
        if (Running)
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.Enqueue(line);
            while (log.Count > LogLines)
            {
                log.Dequeue();
            }
        }
    }
}
