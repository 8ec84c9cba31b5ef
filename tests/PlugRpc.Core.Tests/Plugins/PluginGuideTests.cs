using System.Collections.Concurrent;
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
public sealed class PluginGuideTests
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
        const string guide = "## Writing a plugin";
        var project = Path.Combine(root, "My.Tenant");
        Directory.CreateDirectory(project);
        await File.WriteAllTextAsync(Path.Combine(project, "My.Tenant.csproj"), (await ReadmeSnippets.BlocksAsync(guide, "xml"))[0]);
        await File.WriteAllTextAsync(Path.Combine(project, "TenantPlugin.cs"), (await ReadmeSnippets.BlocksAsync(guide, "csharp"))[0]);
        var feed = await LocalFeed.PackAsync(root, "src/PlugRpc.Abstractions/PlugRpc.Abstractions.csproj");
        await feed.ConfigureAsync(project);

        var output = Path.Combine(root, "plugins", "My.Tenant");
        await DotnetCommand.RunAsync(["build", project, "-c", "Release", "-o", output, "-nologo"], feed.Environment);
        Assert.False(File.Exists(Path.Combine(output, "PlugRpc.Abstractions.dll")), "the plugin ships no copy of the contracts");
        return Path.Combine(output, "My.Tenant.dll");
    }

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
