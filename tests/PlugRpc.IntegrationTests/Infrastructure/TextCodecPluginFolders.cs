namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>
/// The third-party text codec of tests/fixtures/DependentCodecPlugin, built once from a copy outside the repository
/// (against this build's PlugRpc.Abstractions and Autofac, as a third party would), in two folders whose dependency
/// ThirdParty.TextHelper.dll is missing in one and not an assembly in the other.
/// </summary>
public sealed class TextCodecPluginFolders : IAsyncLifetime
{
    public const string DependencyFile = "ThirdParty.TextHelper.dll";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);

    public string Root { get; } = Directory.CreateTempSubdirectory("plugrpc-text-codec-").FullName;

    public string MissingFolder => Path.Combine(Root, "missing");

    public string BrokenFolder => Path.Combine(Root, "broken");

    public async Task InitializeAsync()
    {
        var source = Path.Combine(Root, "src");
        var built = Path.Combine(Root, "built");
        var fixture = Path.Combine(RepoPaths.Root, "tests", "fixtures", "DependentCodecPlugin");
        foreach (var file in Directory.EnumerateFiles(fixture, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(fixture, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(source, relative))!);
            File.Copy(file, Path.Combine(source, relative));
        }

        // ProcessRun runs `dotnet ARGUMENTS`; here the first is the build verb rather than a DLL.
        var build = await ProcessRun.RunAsync(
            "build",
            [Path.Combine(source, "DependentCodecPlugin.csproj"), "-c", "Release", "-o", built, "-nologo",
                $"-p:AbstractionsPath={Here("PlugRpc.Abstractions.dll")}", $"-p:AutofacPath={Here("Autofac.dll")}"],
            BuildTimeout);
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"building the text codec failed: {build.Stdout} {build.Stderr}");
        }

        Copy(built, MissingFolder);
        File.Delete(Path.Combine(MissingFolder, DependencyFile));
        Copy(built, BrokenFolder);
        await File.WriteAllTextAsync(Path.Combine(BrokenFolder, DependencyFile), "this is not an assembly");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    private static string Here(string file) => Path.Combine(AppContext.BaseDirectory, file);

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
