using System.Text.Json;
using Autofac.Core;
using Autofac.Core.Registration;

namespace PlugRpc.Plugins;

/// <summary>
/// Runs a plugin's registrations (Autofac runs modules when the container is built): tags each with the plugin's
/// name (<see cref="ComponentOwners"/>), refuses settings to a plugin that reads none, and turns whatever the
/// plugin throws into a <see cref="PluginLoadException"/> that names the plugin.
/// </summary>
internal sealed class GuardedPluginModule : IModule
{
    private readonly RpcPlugin plugin;
    private readonly string name;
    private readonly string path;

    /// <param name="where">Where the plugin is listed in plugins.json ("plugins[3]"), or null for one added in code.</param>
    public GuardedPluginModule(RpcPlugin plugin, string name, string path, string? where)
    {
        this.plugin = plugin;
        this.name = name;
        this.path = path;
        plugin.SettingsPath = where is null ? "settings" : $"{where}.settings";
    }

    public void Configure(IComponentRegistryBuilder componentRegistry)
    {
        try
        {
            using var claiming = new ClaimingRegistryBuilder(componentRegistry, name);
            ((IModule)plugin).Configure(claiming);
        }
        catch (PluginSettingsException ex)
        {
            throw new PluginLoadException($"plugin '{name}': {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not PluginLoadException)
        {
            throw new PluginLoadException($"plugin '{name}' at {path} failed while registering: {ex.Message}", ex);
        }

        if (!plugin.SettingsRead && plugin.Settings.ValueKind == JsonValueKind.Object && plugin.Settings.EnumerateObject().Select(p => p.Name).FirstOrDefault() is { } key)
        {
            throw new PluginLoadException($"plugin '{name}': unknown key {plugin.SettingsPath}.{key} (valid: none; this plugin takes no settings)");
        }
    }
}
