using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Autofac;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PlugRpc.Components;
using PlugRpc.Options;
using PlugRpc.Plugins;

namespace PlugRpc.Core.Tests.Plugins;

/// <summary>
/// The README's plugin guide works as written: its project file and its code, copied out of the README, build against
/// the PlugRpc.Abstractions package packed from this repository (a local feed, no DLL path), and the plugin loaded from
/// its folder acts on real calls and logs through the host's ILoggerFactory.
/// </summary>
public sealed partial class PluginGuideTests
{
    [Fact]
    public async Task The_guides_plugin_builds_from_the_readme_against_the_package_and_refuses_calls_without_the_header()
    {
        var root = Directory.CreateTempSubdirectory("plugrpc-guide-").FullName;
        try
        {
            var plugin = await BuildGuidePluginAsync(root);
            var manifest = PluginManifest.Parse($$"""
                { "pluginsDirectory": "{{BuiltPlugins.ArtifactsPlugins}}",
                  "plugins": [
                    { "name": "PlugRpc.Codec.MessagePack" },
                    { "name": "PlugRpc.Transport.Tcp" },
                    { "name": "My.Tenant", "path": "{{plugin}}", "settings": { "header": "x-tenant" } } ],
                  "services": [ { "assembly": "{{BuiltPlugins.SampleServices}}" } ] }
                """, root);
            var logs = new LineLoggerFactory();
            var builder = new ContainerBuilder();
            builder.AddPlugRpcCore();
            builder.RegisterInstance<ILoggerFactory>(logs);
            var loaded = PluginLoader.Load(manifest, builder, NullLogger.Instance);
            var serviceType = Assert.Single(loaded.ServiceTypes);
            builder.RegisterType(serviceType);
            await using var container = builder.Build();
            await using var server = container.CreateRpcServer(new ServerOptions { Filters = ["tenant"] });
            server.AddService(container.Resolve(serviceType));
            var address = (await server.ListenAsync("tcp://127.0.0.1:0")).ToString();
            await using var client = container.CreateRpcClient(new ClientOptions { Addresses = [address] });

            var refused = await Assert.ThrowsAsync<RpcException>(() => client.CallJsonAsync(new JsonCall("ArithService", "Add", """{"A":40,"B":2}""")));
            var answered = await client.CallJsonAsync(new JsonCall("ArithService", "Add", """{"A":40,"B":2}""")
            {
                Options = new CallOptions { Metadata = new Metadata { ["x-tenant"] = "acme" } },
            });

            Assert.Equal((RpcStatusCode.PermissionDenied, "x-tenant is required"), (refused.StatusCode, refused.Message));
            Assert.Equal("""{"Reply":42}""", answered.ResponseJson);
            var line = Assert.Single(logs.Lines, l => l.Category == "My.Tenant.TenantFilter");
            Assert.StartsWith("Information: refused a call from 127.0.0.1:", line.Text, StringComparison.Ordinal);
            Assert.EndsWith(": no x-tenant", line.Text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Packs PlugRpc.Abstractions into a feed and builds the guide's two files against it; returns the plugin's DLL.</summary>
    private static async Task<string> BuildGuidePluginAsync(string root)
    {
        var guide = Section(await File.ReadAllTextAsync(Path.Combine(BuiltPlugins.RepoRoot, "README.md")), "## Writing a plugin");
        var project = Path.Combine(root, "My.Tenant");
        Directory.CreateDirectory(project);
        await File.WriteAllTextAsync(Path.Combine(project, "My.Tenant.csproj"), FirstBlock(guide, "xml"));
        await File.WriteAllTextAsync(Path.Combine(project, "TenantPlugin.cs"), FirstBlock(guide, "csharp"));

        var feed = Path.Combine(root, "feed");
        var abstractions = Path.Combine(BuiltPlugins.RepoRoot, "src", "PlugRpc.Abstractions", "PlugRpc.Abstractions.csproj");
        await DotnetCommand.RunAsync(["pack", abstractions, "-c", TestConfiguration, "--no-build", "-o", feed, "-nologo"]);

        // Only local sources: the fresh package, and the machine's package cache (a folder feed) for Autofac and logging.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        await File.WriteAllTextAsync(Path.Combine(project, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="plugrpc" value="{feed}" />
                <add key="cache" value="{cache}" />
              </packageSources>
            </configuration>
            """);
        var output = Path.Combine(root, "plugins", "My.Tenant");
        await DotnetCommand.RunAsync(
            ["build", project, "-c", "Release", "-o", output, "-nologo"],
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(root, "packages") });
        Assert.False(File.Exists(Path.Combine(output, "PlugRpc.Abstractions.dll")), "the plugin ships no copy of the contracts");
        return Path.Combine(output, "My.Tenant.dll");
    }

    /// <summary>Debug or Release, as this test assembly was built (the Abstractions build beside it is packed).</summary>
    private static string TestConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string Section(string readme, string heading)
    {
        var start = readme.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"the README has no section '{heading}'");
        var end = readme.IndexOf("\n## ", start + heading.Length + 2, StringComparison.Ordinal);
        return end < 0 ? readme[start..] : readme[start..end];
    }

    private static string FirstBlock(string section, string language)
    {
        var match = CodeBlock().Matches(section).FirstOrDefault(m => m.Groups["language"].Value == language);
        Assert.True(match is not null, $"the plugin guide has no ```{language} block");
        return match.Groups["code"].Value;
    }

    [GeneratedRegex("```(?<language>\\w+)\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    /// <summary>Keeps every line logged through it, with its category.</summary>
    private sealed class LineLoggerFactory : ILoggerFactory
    {
        private readonly ConcurrentQueue<(string Category, string Text)> lines = new();

        public IReadOnlyCollection<(string Category, string Text)> Lines => lines.ToArray();

        public ILogger CreateLogger(string categoryName) => new CategoryLogger(categoryName, lines);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        private sealed class CategoryLogger(string category, ConcurrentQueue<(string Category, string Text)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue((category, $"{logLevel}: {formatter(state, exception)}"));
        }
    }
}
