using PuppeteerSharp;

namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's chromium, driven headless by PuppeteerSharp (never its browser download). The test command
/// (scripts/test.sh) installs it and sets PLUGRPC_REQUIRE_BROWSER=1, so there a missing browser fails the browser
/// tests; a bare `dotnet test` skips them instead.
/// </summary>
internal static class Chromium
{
    public static bool Required => Environment.GetEnvironmentVariable("PLUGRPC_REQUIRE_BROWSER") == "1";

    /// <summary>The chromium on PATH, or null.</summary>
    public static string? Path { get; } =
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, "chromium"))
            .FirstOrDefault(File.Exists);

    /// <summary>Why browser tests are skipped here, or null when they run.</summary>
    public static string? SkipReason => Path is not null || Required ? null : "chromium is not installed; scripts/test.sh installs it (apt-get install chromium)";

    /// <summary>A headless chromium with a window of <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static Task<IBrowser> LaunchAsync(int width = 1280, int height = 900) =>
        Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Path ?? throw new InvalidOperationException("chromium is not installed (apt-get install chromium); the test command requires it"),
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", $"--window-size={width},{height}"],
            DefaultViewport = new ViewPortOptions { Width = width, Height = height },
            Timeout = 60_000,
        });

    /// <summary>Where a test keeps what it shows (screenshots): artifacts/test-results/&lt;name&gt; in the repository.</summary>
    public static string ArtifactsDirectory(string name)
    {
        var directory = System.IO.Path.Combine(RepoPaths.Root, "artifacts", "test-results", name);
        Directory.CreateDirectory(directory);
        return directory;
    }
}

/// <summary>A test that needs chromium: skipped where it is not installed, unless the test command requires it.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        Skip = Chromium.SkipReason;
    }
}
