namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>Where the repository and its build outputs are, found from the test assembly's folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string PluginsDirectory => Path.Combine(Root, "artifacts", "plugins");

    public static string ServicesDirectory => Path.Combine(Root, "artifacts", "services");

    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The built DLL of a project under hosts/.</summary>
    public static string HostDll(string project) =>
        Path.Combine(Root, "hosts", project, "bin", Configuration, "net10.0", project + ".dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlugRpc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no PlugRpc.sln above {AppContext.BaseDirectory}");
    }
}
