using System.Diagnostics;

namespace PlugRpc.Core.Tests.Plugins;

/// <summary>Runs the dotnet CLI as a user would (a build, a pack, a run) and fails with its output when it fails.</summary>
internal static class DotnetCommand
{
    /// <returns>What the command wrote to stdout.</returns>
    public static async Task<string> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', info.ArgumentList)} failed:\n{await stdout}\n{await stderr}");
        }

        return await stdout;
    }
}
