using Autofac.Core;
using Autofac.Core.Registration;

namespace PlugRpc.Plugins;

/// <summary>
/// Runs a plugin's registrations (Autofac runs modules when the container is built) and turns whatever they
/// throw into a <see cref="PluginLoadException"/> that names the plugin.
/// </summary>
internal sealed class GuardedPluginModule(RpcPlugin plugin, string name, string path) : IModule
{
    public void Configure(IComponentRegistryBuilder componentRegistry)
    {
        try
        {
            ((IModule)plugin).Configure(componentRegistry);
        }
        catch (Exception ex) when (ex is not PluginLoadException)
        {
            throw new PluginLoadException($"plugin '{name}' at {path} failed while registering: {ex.Message}", ex);
        }
    }
}
