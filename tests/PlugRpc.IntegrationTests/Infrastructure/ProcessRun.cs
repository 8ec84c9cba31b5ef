using System.Diagnostics;
using System.Text;

namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>A program started with `dotnet &lt;dll&gt;`, its output collected as it runs.</summary>
internal sealed class ProcessRun : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();

    private ProcessRun(Process process)
    {
        this.process = process;
    }

    public string Stdout
    {
        get
        {
            lock (stdout)
            {
                return stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }
    }

    public int ExitCode => process.ExitCode;

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <param name="environment">Variables to set for the program, beside those it inherits.</param>
    public static ProcessRun Start(string dll, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        info.ArgumentList.Add(dll);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var run = new ProcessRun(process);
        process.OutputDataReceived += (_, e) => run.Append(run.stdout, e.Data);
        process.ErrorDataReceived += (_, e) => run.Append(run.stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Runs to the end (bounded by <paramref name="timeout"/>) and returns the run.</summary>
    public static async Task<ProcessRun> RunAsync(string dll, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var run = Start(dll, arguments);
        await run.WaitForExitAsync(timeout);
        return run;
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{process.StartInfo.ArgumentList[0]} did not exit within {timeout}; stdout: {Stdout} stderr: {Stderr}");
        }

        process.WaitForExit();
    }

    /// <summary>Waits until standard output or error contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Stdout.Contains(text, StringComparison.Ordinal) && !Stderr.Contains(text, StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"never saw '{text}'; exited={process.HasExited}; stdout: {Stdout} stderr: {Stderr}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Asks the program to stop as Ctrl+C would (SIGTERM on Linux).</summary>
    public void Terminate()
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    /// <summary>Ends the program at once (SIGKILL on Linux): no shutdown, its sockets closed by the kernel.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    /// <summary>Sends the program a signal by name (e.g. "STOP", "CONT"), as `kill -NAME pid` does.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", [$"-{name}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{name} {process.Id} exited with {kill.ExitCode}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }
    }
}
