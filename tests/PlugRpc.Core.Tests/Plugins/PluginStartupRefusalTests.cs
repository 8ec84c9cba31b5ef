using Autofac;
using Microsoft.Extensions.Logging.Abstractions;
using PlugRpc.Components;
using PlugRpc.Plugins;

namespace PlugRpc.Core.Tests.Plugins;

/// <summary>
/// What stops start-up, with real plugin DLLs from folders: a misspelt setting at any depth, settings for a
/// plugin that takes none, a dependency DLL missing or broken, and two plugins claiming one name or wire number.
/// </summary>
[Collection(BuiltPluginsCollection.Name)]
public sealed class PluginStartupRefusalTests(BuiltPlugins built)
{
    private string StampDll => Path.Combine(built.PluginsDirectory, "ThirdParty.StampFilter", "ThirdParty.StampFilter.dll");

    private string Stamp => $$"""{ "name": "ThirdParty.StampFilter", "path": "{{StampDll}}" """;

    private string TextCodecDll(string folder) => Path.Combine(folder, "ThirdParty.TextCodec.dll");

    [Fact]
    public void A_misspelt_setting_is_refused_with_its_path_and_the_valid_keys()
    {
        var error = Assert.Throws<PluginLoadException>(() => Build(
            """{ "name": "PlugRpc.Codec.MessagePack" }""",
            Stamp + """, "settings": { "stamp": "x", "stmap": "y" } }"""));

        Assert.Equal("plugin 'ThirdParty.StampFilter': unknown key plugins[1].settings.stmap (valid: failOnLoad, stamp)", error.Message);
    }

    [Fact]
    public void A_misspelt_nested_setting_is_refused_with_its_path()
    {
        var error = Assert.Throws<PluginLoadException>(() => Build(
            """{ "name": "PlugRpc.Filters.RateLimit", "settings": { "permitsPerSecond": 5, "methods": { "ArithService.Add": { "permitsPerSecnd": 1 } } } }"""));

        Assert.Equal(
            "plugin 'PlugRpc.Filters.RateLimit': unknown key plugins[0].settings.methods.ArithService.Add.permitsPerSecnd (valid: burst, permitsPerSecond, queue)",
            error.Message);
    }

    [Fact]
    public void A_setting_of_the_wrong_kind_names_its_path_and_what_it_must_be()
    {
        var error = Assert.Throws<PluginLoadException>(() => Build(Stamp + """, "settings": { "failOnLoad": "yes" } }"""));

        Assert.Equal("plugin 'ThirdParty.StampFilter': plugins[0].settings.failOnLoad must be true or false", error.Message);
    }

    [Fact]
    public void Settings_for_a_plugin_that_takes_none_are_refused()
    {
        var error = Assert.Throws<PluginLoadException>(() => Build("""{ "name": "PlugRpc.Codec.Protobuf", "settings": { "maxDepth": 4 } }"""));

        Assert.Equal("plugin 'PlugRpc.Codec.Protobuf': unknown key plugins[0].settings.maxDepth (valid: none; this plugin takes no settings)", error.Message);
    }

    [Fact]
    public void A_plugin_with_its_own_dependency_loads_and_its_codec_is_found_by_its_one_name()
    {
        using var container = Build($$"""{ "name": "ThirdParty.TextCodec", "path": "{{TextCodecDll(built.TextCodecFolder)}}" }""");

        var codecs = container.Resolve<RpcComponents>().CodecSet;

        Assert.Equal("text=64", codecs.DescribeCodecs());
        Assert.True(codecs.TryGetCodec(64, out var codec));
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        codec.Serialize(output, new[] { 1, 2 });
        Assert.Equal("[1,2]", System.Text.Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void A_missing_dependency_dll_stops_start_up_naming_the_plugin_and_the_file()
    {
        var dll = TextCodecDll(built.TextCodecMissingFolder);

        var error = Assert.Throws<PluginLoadException>(() => Build($$"""{ "name": "ThirdParty.TextCodec", "path": "{{dll}}" }"""));

        Assert.StartsWith($"plugin 'ThirdParty.TextCodec' at {dll}: its dependency ThirdParty.TextHelper 1.0.0.0 (not found in {built.TextCodecMissingFolder}) cannot be loaded", error.Message);
    }

    [Fact]
    public void A_broken_dependency_dll_stops_start_up_naming_the_plugin_and_the_file()
    {
        var dll = TextCodecDll(built.TextCodecBrokenFolder);

        var error = Assert.Throws<PluginLoadException>(() => Build($$"""{ "name": "ThirdParty.TextCodec", "path": "{{dll}}" }"""));

        Assert.StartsWith(
            $"plugin 'ThirdParty.TextCodec' at {dll}: its dependency ThirdParty.TextHelper 1.0.0.0 ({Path.Combine(built.TextCodecBrokenFolder, "ThirdParty.TextHelper.dll")}) cannot be loaded",
            error.Message);
    }

    [Fact]
    public void Two_codecs_with_one_name_stop_start_up_naming_both_plugins()
    {
        using var container = Build(
            """{ "name": "PlugRpc.Codec.MessagePack" }""",
            $$"""{ "name": "ThirdParty.TextCodec", "path": "{{TextCodecDll(built.TextCodecFolder)}}", "settings": { "name": "msgpack" } }""");

        var error = Assert.Throws<PluginLoadException>(Unwrapped(() => container.Resolve<RpcComponents>()));

        Assert.Equal(
            "plugin 'PlugRpc.Codec.MessagePack' and plugin 'ThirdParty.TextCodec' both provide a codec named 'msgpack'; a name must be one component's: disable one or rename it",
            error.Message);
    }

    [Fact]
    public void Two_codecs_with_one_serialize_type_stop_start_up_naming_both_plugins()
    {
        using var container = Build(
            """{ "name": "PlugRpc.Codec.MessagePack" }""",
            $$"""{ "name": "ThirdParty.TextCodec", "path": "{{TextCodecDll(built.TextCodecFolder)}}", "settings": { "serializeType": 1 } }""");

        var error = Assert.Throws<PluginLoadException>(Unwrapped(() => container.Resolve<RpcComponents>()));

        Assert.StartsWith("plugin 'ThirdParty.TextCodec''s 'text' and plugin 'PlugRpc.Codec.MessagePack''s 'msgpack' both use SerializeType 1", error.Message);
    }

    [Fact]
    public void Two_plugins_registering_one_filter_name_stop_start_up_naming_both()
    {
        var error = Assert.Throws<PluginLoadException>(() => Build(
            $$"""{ "name": "First.Stamp", "path": "{{StampDll}}" }""",
            $$"""{ "name": "Second.Stamp", "path": "{{StampDll}}" }"""));

        Assert.Matches("^plugins 'First.Stamp' and 'Second.Stamp' both register a (filter named 'stamp'|selector named 'stamp-first'); ", error.Message);
    }

    private IContainer Build(params string[] plugins)
    {
        var manifest = PluginManifest.Parse(
            $$"""{ "pluginsDirectory": "{{BuiltPlugins.ArtifactsPlugins}}", "plugins": [ {{string.Join(", ", plugins)}} ] }""",
            built.Root);
        var builder = new ContainerBuilder();
        builder.AddPlugRpcCore();
        PluginLoader.Load(manifest, builder, NullLogger.Instance);
        return builder.Build();
    }

    /// <summary>Autofac wraps what a constructor throws; the test wants the PlugRpc error inside.</summary>
    private static Action Unwrapped(Action action) => () =>
    {
        try
        {
            action();
        }
        catch (Autofac.Core.DependencyResolutionException ex)
        {
            for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
            {
                if (inner is PluginLoadException found)
                {
                    throw found;
                }
            }

            throw;
        }
    };
}
