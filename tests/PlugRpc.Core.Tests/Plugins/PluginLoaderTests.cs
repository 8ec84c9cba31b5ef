using System.Security.Cryptography;
using Autofac;
using Microsoft.Extensions.Logging.Abstractions;
using PlugRpc.Components;
using PlugRpc.Filters;
using PlugRpc.Options;
using PlugRpc.Plugins;

namespace PlugRpc.Core.Tests.Plugins;

[Collection(BuiltPluginsCollection.Name)]
public sealed class PluginLoaderTests(BuiltPlugins built)
{
    private string StampDll => Path.Combine(built.PluginsDirectory, "ThirdParty.StampFilter", "ThirdParty.StampFilter.dll");

    [Fact]
    public void A_third_party_filter_loads_from_its_folder_as_the_hosts_own_type()
    {
        var container = Build(Manifest("""{ "name": "ThirdParty.StampFilter", "settings": { "stamp": "from-settings" } }"""), out var loaded);

        var filter = container.CreateServerFilter("stamp");
        var context = new CallContext("S", "M", new Metadata(), "test", default);
        filter.InvokeAsync(context, _ => ValueTask.CompletedTask);

        Assert.Equal("from-settings", context.Metadata["x-stamp"]);
        Assert.Contains(typeof(IServerFilter), filter.GetType().GetInterfaces());
        Assert.Equal(StampDll, filter.GetType().Assembly.Location);
        Assert.Equal("ThirdParty.StampFilter", Assert.Single(loaded.Plugins).Name);
    }

    [Fact]
    public async Task A_third_party_filter_acts_on_real_calls()
    {
        var manifest = PluginManifest.Parse($$"""
            { "pluginsDirectory": "{{BuiltPlugins.ArtifactsPlugins}}",
              "plugins": [
                { "name": "PlugRpc.Codec.MessagePack" },
                { "name": "PlugRpc.Transport.Tcp" },
                { "name": "ThirdParty.StampFilter", "path": "{{StampDll}}", "settings": { "stamp": "seen" } } ],
              "services": [ { "assembly": "{{BuiltPlugins.SampleServices}}" } ] }
            """, built.Root);
        var capture = new CapturingClientFilter();
        var builder = new ContainerBuilder();
        builder.AddPlugRpcCore();
        var loaded = PluginLoader.Load(manifest, builder, NullLogger.Instance);
        builder.RegisterClientFilter("capture", _ => capture);
        foreach (var type in loaded.ServiceTypes)
        {
            builder.RegisterType(type);
        }

        await using var container = builder.Build();
        await using var server = container.CreateRpcServer(new ServerOptions { Filters = ["stamp"] });
        server.AddService(container.Resolve(Assert.Single(loaded.ServiceTypes)));
        var address = (await server.ListenAsync("tcp://127.0.0.1:0")).ToString();
        await using var client = container.CreateRpcClient(new ClientOptions { Addresses = [address], Filters = ["capture"] });

        var reply = (await client.CallJsonAsync(new JsonCall("ArithService", "Add", """{"A":40,"B":2}"""))).ResponseJson;

        Assert.Equal("""{"Reply":42}""", reply);
        Assert.Equal("seen", capture.LastResponseMetadata?["x-stamp"]);
    }

    [Fact]
    public async Task A_third_party_selector_from_its_folder_sends_every_call_where_it_picks()
    {
        var manifest = PluginManifest.Parse($$"""
            { "pluginsDirectory": "{{BuiltPlugins.ArtifactsPlugins}}",
              "plugins": [
                { "name": "PlugRpc.Codec.MessagePack" },
                { "name": "PlugRpc.Transport.Tcp" },
                { "name": "ThirdParty.StampFilter", "path": "{{StampDll}}" } ],
              "services": [ { "assembly": "{{BuiltPlugins.SampleServices}}" } ] }
            """, built.Root);
        var builder = new ContainerBuilder();
        builder.AddPlugRpcCore();
        var loaded = PluginLoader.Load(manifest, builder, NullLogger.Instance);
        var counters = new[] { new CountingServerFilter(), new CountingServerFilter(), new CountingServerFilter() };
        for (var i = 0; i < counters.Length; i++)
        {
            var counter = counters[i];
            builder.RegisterServerFilter($"count-{i}", _ => counter);
        }

        var serviceType = Assert.Single(loaded.ServiceTypes);
        builder.RegisterType(serviceType);
        await using var container = builder.Build();
        await using var server0 = container.CreateRpcServer(new ServerOptions { Filters = ["count-0"] });
        await using var server1 = container.CreateRpcServer(new ServerOptions { Filters = ["count-1"] });
        await using var server2 = container.CreateRpcServer(new ServerOptions { Filters = ["count-2"] });
        var addresses = new List<string>();
        foreach (var server in new[] { server0, server1, server2 })
        {
            server.AddService(container.Resolve(serviceType));
            addresses.Add((await server.ListenAsync("tcp://127.0.0.1:0")).ToString());
        }

        await using var client = container.CreateRpcClient(new ClientOptions { Addresses = [addresses[1], addresses[0], addresses[2]], Selector = "stamp-first" });
        for (var call = 0; call < 12; call++)
        {
            Assert.Equal("""{"Reply":42}""", (await client.CallJsonAsync(new JsonCall("ArithService", "Add", """{"A":40,"B":2}"""))).ResponseJson);
        }

        Assert.Equal([0, 12, 0], counters.Select(c => c.Calls));
    }

    [Fact]
    public void A_listed_plugin_that_is_missing_names_the_path_searched()
    {
        var error = Assert.Throws<PluginLoadException>(() => Build(Manifest("""{ "name": "Nowhere.Plugin" }"""), out _));

        Assert.Equal($"plugin 'Nowhere.Plugin' not found: looked for {Path.Combine(built.PluginsDirectory, "Nowhere.Plugin", "Nowhere.Plugin.dll")}", error.Message);
    }

    [Fact]
    public void A_broken_dll_is_refused_naming_plugin_and_path()
    {
        var broken = WriteGarbage("Broken.Plugin");

        var error = Assert.Throws<PluginLoadException>(() => Build(Manifest("""{ "name": "Broken.Plugin" }"""), out _));

        Assert.StartsWith($"plugin 'Broken.Plugin' at {broken} is not a valid .NET assembly", error.Message);
    }

    [Fact]
    public void A_plugin_present_but_not_listed_or_disabled_is_never_touched()
    {
        WriteGarbage("Unlisted.Plugin");
        WriteGarbage("Disabled.Plugin");

        Build(Manifest("""{ "name": "ThirdParty.StampFilter" }, { "name": "Disabled.Plugin", "enabled": false }"""), out var loaded);

        Assert.Equal(["ThirdParty.StampFilter"], loaded.Plugins.Select(p => p.Name));
    }

    [Fact]
    public void A_pinned_hash_must_match()
    {
        var actual = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(StampDll))).ToLowerInvariant();
        var wrong = new string('0', 64);

        Build(Manifest($$"""{ "name": "ThirdParty.StampFilter", "sha256": "{{actual.ToUpperInvariant()}}" }"""), out _);
        var error = Assert.Throws<PluginLoadException>(() => Build(Manifest($$"""{ "name": "ThirdParty.StampFilter", "sha256": "{{wrong}}" }"""), out _));

        Assert.Equal($"plugin 'ThirdParty.StampFilter' at {StampDll} has SHA-256 {actual}, but plugins.json pins {wrong}", error.Message);
    }

    [Fact]
    public void A_plugin_built_against_other_contracts_is_refused_with_both_versions()
    {
        var error = Assert.Throws<PluginLoadException>(() => Build(Manifest("""{ "name": "ThirdParty.OldContracts" }"""), out _));

        Assert.Contains("plugin 'ThirdParty.OldContracts' at ", error.Message);
        Assert.Contains("was built against PlugRpc.Abstractions 9.1.0.0, which this host (0.1.0.0) cannot serve", error.Message);
    }

    [Fact]
    public void A_plugin_that_throws_while_registering_is_named()
    {
        var error = Assert.Throws<PluginLoadException>(() =>
            Build(Manifest("""{ "name": "ThirdParty.StampFilter", "settings": { "failOnLoad": true } }"""), out _));

        Assert.Equal($"plugin 'ThirdParty.StampFilter' at {StampDll} failed while registering: asked to fail", error.Message);
    }

    [Fact]
    public void Settings_of_the_wrong_shape_are_named()
    {
        var error = Assert.Throws<PluginLoadException>(() =>
            Build(Manifest("""{ "name": "ThirdParty.StampFilter", "settings": { "stamp": 5 } }"""), out _));

        Assert.Equal("plugin 'ThirdParty.StampFilter': plugins[0].settings.stamp must be a string", error.Message);
    }

    [Fact]
    public void A_service_assembly_that_is_missing_names_the_path()
    {
        var manifest = PluginManifest.Parse("""{ "services": [ { "assembly": "nowhere/Svc.dll" } ] }""", built.Root);

        var error = Assert.Throws<PluginLoadException>(() => PluginLoader.Load(manifest, new ContainerBuilder(), NullLogger.Instance));

        Assert.Equal($"service assembly not found: looked for {Path.Combine(built.Root, "nowhere", "Svc.dll")}", error.Message);
    }

    private PluginManifest Manifest(string plugins) =>
        PluginManifest.Parse($$"""{ "pluginsDirectory": "{{built.PluginsDirectory}}", "plugins": [ {{plugins}} ] }""", built.Root);

    private static IContainer Build(PluginManifest manifest, out LoadedPlugins loaded)
    {
        var builder = new ContainerBuilder();
        loaded = PluginLoader.Load(manifest, builder, NullLogger.Instance);
        return builder.Build();
    }

    private string WriteGarbage(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(built.PluginsDirectory, name)).FullName;
        var path = Path.Combine(folder, name + ".dll");
        File.WriteAllText(path, "this is not an assembly");
        return path;
    }

    private sealed class CountingServerFilter : IServerFilter
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public ValueTask InvokeAsync(CallContext context, ServerCallHandler next)
        {
            Interlocked.Increment(ref calls);
            return next(context);
        }
    }

    private sealed class CapturingClientFilter : IClientFilter
    {
        public Metadata? LastResponseMetadata { get; private set; }

        public async ValueTask InvokeAsync(ClientCallContext context, ClientCallHandler next)
        {
            await next(context);
            LastResponseMetadata = context.ResponseMetadata;
        }
    }
}
