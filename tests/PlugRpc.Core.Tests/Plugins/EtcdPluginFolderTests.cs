using System.Net;
using System.Net.Sockets;
using Autofac;
using Microsoft.Extensions.Logging.Abstractions;
using PlugRpc.Discovery;
using PlugRpc.Plugins;

namespace PlugRpc.Core.Tests.Plugins;

/// <summary>
/// The etcd registry plugin, loaded from its folder under artifacts/plugins as a host loads it, brings its own gRPC
/// client (this test project does not have one): it opens a registry and makes real calls with it.
/// </summary>
public sealed class EtcdPluginFolderTests
{
    private static string Folder => Path.Combine(BuiltPlugins.ArtifactsPlugins, "PlugRpc.Registry.Etcd");

    [Fact]
    public async Task The_etcd_registry_plugin_loads_from_its_folder_and_calls_etcd_with_the_grpc_client_beside_it()
    {
        var manifest = PluginManifest.Parse(
            $$"""{ "pluginsDirectory": "{{BuiltPlugins.ArtifactsPlugins}}", "plugins": [ { "name": "PlugRpc.Registry.Etcd" } ] }""",
            BuiltPlugins.RepoRoot);
        var builder = new ContainerBuilder();
        PluginLoader.Load(manifest, builder, NullLogger.Instance);
        await using var container = builder.Build();
        var port = ClosedPort();
        await using var registry = container.ResolveNamed<RegistryFactory>("etcd").Open(RegistryAddress.Parse($"etcd://127.0.0.1:{port}/x?ttl=1s"));

        var error = await Assert.ThrowsAsync<RegistryException>(() => registry.ListAsync("app", null, CancellationToken.None));

        Assert.StartsWith($"etcd at 127.0.0.1:{port} is unreachable (listing /x/app/)", error.Message);
        Assert.Equal(Path.Combine(Folder, "PlugRpc.Registry.Etcd.dll"), registry.GetType().Assembly.Location);
        Assert.Equal(Path.Combine(Folder, "Grpc.Core.Api.dll"), error.InnerException?.GetType().Assembly.Location);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
