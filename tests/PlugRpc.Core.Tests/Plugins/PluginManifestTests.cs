using PlugRpc.Plugins;

namespace PlugRpc.Core.Tests.Plugins;

public sealed class PluginManifestTests
{
    private const string Base = "/srv/app";

    [Fact]
    public void Defaults_resolve_against_the_manifests_folder()
    {
        var manifest = PluginManifest.Parse("""
            // comments and trailing commas are fine
            { "plugins": [ { "name": "PlugRpc.Transport.Tcp" }, ],
              "services": [ { "assembly": "svc/My.Services.dll" } ] }
            """, Base);

        var plugin = Assert.Single(manifest.Plugins);
        Assert.Equal("/srv/app/artifacts/plugins", manifest.PluginsDirectory);
        Assert.Equal("/srv/app/artifacts/plugins/PlugRpc.Transport.Tcp/PlugRpc.Transport.Tcp.dll", plugin.AssemblyPath);
        Assert.True(plugin.Enabled);
        Assert.Null(plugin.Sha256);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, plugin.Settings.ValueKind);
        Assert.Equal("/srv/app/svc/My.Services.dll", Assert.Single(manifest.Services).AssemblyPath);
        Assert.Null(manifest.Server);
    }

    [Fact]
    public void Explicit_fields_are_kept()
    {
        var manifest = PluginManifest.Parse("""
            { "pluginsDirectory": "/opt/plugins",
              "plugins": [ { "name": "X", "path": "custom/x.dll", "enabled": false, "sha256": "ab", "settings": { "k": 1 } } ],
              "server": { "filters": [] } }
            """, Base);

        var plugin = Assert.Single(manifest.Plugins);
        Assert.Equal("/opt/plugins/custom/x.dll", plugin.AssemblyPath);
        Assert.False(plugin.Enabled);
        Assert.Equal("ab", plugin.Sha256);
        Assert.Equal(1, plugin.Settings.GetProperty("k").GetInt32());
        Assert.True(manifest.Server.HasValue);
    }

    [Theory]
    [InlineData("{ \"plugins\": [ ", "is not valid JSON (line 1")]
    [InlineData("[]", "the top level must be an object, not array")]
    [InlineData("{ \"plugin\": [] }", "unknown key \"plugin\" in the top level")]
    [InlineData("{ \"plugins\": {} }", "\"plugins\" must be an array, not object")]
    [InlineData("{ \"plugins\": [ { \"path\": \"x.dll\" } ] }", "plugins[0] has no \"name\"")]
    [InlineData("{ \"plugins\": [ { \"name\": \"A\" }, { \"name\": \"a\" } ] }", "plugin 'a' is listed twice")]
    [InlineData("{ \"plugins\": [ { \"name\": \"A\", \"settings\": [1] } ] }", "the settings of plugin 'A' must be an object, not array")]
    [InlineData("{ \"plugins\": [ { \"name\": \"A\", \"enabled\": \"yes\" } ] }", "plugins[0].enabled must be true or false, not string")]
    [InlineData("{ \"plugins\": [ { \"name\": \"A\", \"sha\": \"1\" } ] }", "unknown key \"sha\" in plugins[0]")]
    [InlineData("{ \"plugins\": [ { \"name\": 5 } ] }", "plugins[0].name must be a string, not number")]
    [InlineData("{ \"services\": [ {} ] }", "services[0] has no \"assembly\"")]
    [InlineData("{ \"server\": 1 }", "\"server\" must be an object, not number")]
    public void Mistakes_are_errors_that_say_where(string json, string expected)
    {
        var error = Assert.Throws<PluginLoadException>(() => PluginManifest.Parse(json, Base));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_missing_file_names_the_absolute_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir", "plugins.json");

        var error = Assert.Throws<PluginLoadException>(() => PluginManifest.Load(path));

        Assert.Equal($"plugins.json not found: looked for {path}", error.Message);
    }

    [Fact]
    public void Changed_plugin_settings_enable_a_listed_plugin_and_keep_its_other_settings()
    {
        var manifest = PluginManifest.Parse("""
            { "plugins": [ { "name": "G", "enabled": false, "settings": { "timeout": "2s" } }, { "name": "Other" } ] }
            """, Base);

        var changed = manifest.WithPluginSettings("g", settings => settings["url"] = "http://127.0.0.1:8080");

        var plugin = changed.Plugins[0];
        Assert.True(plugin.Enabled);
        Assert.Equal(("2s", "http://127.0.0.1:8080"), (plugin.Settings.GetProperty("timeout").GetString(), plugin.Settings.GetProperty("url").GetString()));
        Assert.Equal(["G", "Other"], changed.Plugins.Select(p => p.Name));
        Assert.False(manifest.Plugins[0].Enabled);
    }

    [Fact]
    public void Changed_settings_of_a_plugin_not_listed_add_it_from_its_folder()
    {
        var manifest = PluginManifest.Parse("""{ "plugins": [] }""", Base);

        var plugin = Assert.Single(manifest.WithPluginSettings("PlugRpc.Gateway.Http", settings => settings["url"] = "http://127.0.0.1:8080").Plugins);

        Assert.Equal("/srv/app/artifacts/plugins/PlugRpc.Gateway.Http/PlugRpc.Gateway.Http.dll", plugin.AssemblyPath);
        Assert.True(plugin.Enabled);
        Assert.Equal("http://127.0.0.1:8080", plugin.Settings.GetProperty("url").GetString());
    }
}
