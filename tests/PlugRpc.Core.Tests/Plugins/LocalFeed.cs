namespace PlugRpc.Core.Tests.Plugins;

/// <summary>
/// PlugRpc's packages packed from this repository into a folder, as a user makes them, and projects restored against
/// that folder and the machine's package cache only, into a package folder of their own (so a stale copy of an
/// earlier pack is never used).
/// </summary>
internal sealed class LocalFeed
{
    private LocalFeed(string folder, string root)
    {
        Folder = folder;
        PackagesFolder = Path.Combine(root, "packages");
    }

    public string Folder { get; }

    public string PackagesFolder { get; }

    /// <summary>The environment a dotnet command restoring against the feed runs with.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["NUGET_PACKAGES"] = PackagesFolder };

    /// <param name="projects">Paths under the repository, e.g. src/PlugRpc.Abstractions/PlugRpc.Abstractions.csproj.</param>
    public static async Task<LocalFeed> PackAsync(string root, params string[] projects)
    {
        var feed = new LocalFeed(Path.Combine(root, "feed"), root);
        await Task.WhenAll(projects.Select(project => DotnetCommand.RunAsync(
            ["pack", Path.Combine(BuiltPlugins.RepoRoot, project), "-c", TestConfiguration, "--no-build", "-o", feed.Folder, "-nologo"])));
        return feed;
    }

    /// <summary>Writes a nuget.config into <paramref name="projectFolder"/> with the feed and the machine's package cache as the only sources.</summary>
    public Task ConfigureAsync(string projectFolder)
    {
        var cache = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return File.WriteAllTextAsync(Path.Combine(projectFolder, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="plugrpc" value="{Folder}" />
                <add key="cache" value="{cache}" />
              </packageSources>
            </configuration>
            """);
    }

    /// <summary>Debug or Release, as this test assembly was built (the repository's builds beside it are packed).</summary>
    private static string TestConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
}
