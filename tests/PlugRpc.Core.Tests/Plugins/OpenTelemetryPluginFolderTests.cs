using System.Diagnostics;
using Autofac;
using Microsoft.Extensions.Logging.Abstractions;
using PlugRpc.Diagnostics;
using PlugRpc.Plugins;
using PlugRpc.Plugins.Tests.Telemetry;

namespace PlugRpc.Core.Tests.Plugins;

/// <summary>
/// The OpenTelemetry plugin, loaded from its folder under artifacts/plugins as a host loads it, brings the SDK and
/// its exporters beside it (this test project has neither), listens to the host's "PlugRpc" source and exports
/// what it records. Alone in the process: while it listens, every call in the process is traced.
/// </summary>
[Collection(Name)]
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OpenTelemetryPluginFolderTests
{
    public const string Name = "a tracer listening to the process";

    private static string Folder => Path.Combine(BuiltPlugins.ArtifactsPlugins, "PlugRpc.Tracing.OpenTelemetry");

    [Fact]
    public async Task The_opentelemetry_plugin_loads_from_its_folder_and_exports_the_hosts_spans_with_the_sdk_beside_it()
    {
        using var collector = new FakeCollector();
        var manifest = PluginManifest.Parse(
            $$"""
            {
              "pluginsDirectory": "{{BuiltPlugins.ArtifactsPlugins}}",
              "plugins": [
                {
                  "name": "PlugRpc.Tracing.OpenTelemetry",
                  "settings": {
                    "traces": { "exporter": "zipkin", "endpoint": "{{collector.Url}}/api/v2/spans" },
                    "metrics": { "exporter": "none" }
                  }
                }
              ]
            }
            """,
            BuiltPlugins.RepoRoot);
        var builder = new ContainerBuilder();
        PluginLoader.Load(manifest, builder, NullLogger.Instance);
        var container = builder.Build();

        var sdk = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "OpenTelemetry");
        using (var span = RpcDiagnostics.ActivitySource.StartActivity("FolderProbe/Call", ActivityKind.Client))
        {
            Assert.True(span?.Recorded);
        }

        await container.DisposeAsync();

        Assert.Equal(Path.Combine(Folder, "OpenTelemetry.dll"), sdk.Location);
        Assert.True(
            collector.Received("/api/v2/spans", "FolderProbe/Call") || collector.Received("/api/v2/spans", "folderprobe/call"),
            $"received: {string.Join(", ", collector.Paths)}");
        Assert.False(RpcDiagnostics.ActivitySource.HasListeners());
    }
}
