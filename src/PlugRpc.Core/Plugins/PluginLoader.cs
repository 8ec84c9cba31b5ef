using System.Reflection;
using System.Text.Json;
using Autofac;
using Microsoft.Extensions.Logging;
using PlugRpc.Http;
using PlugRpc.Services;

namespace PlugRpc.Plugins;

/// <summary>Loads what plugins.json lists into a container: each enabled plugin's modules, and the service classes.</summary>
public static class PluginLoader
{
    /// <exception cref="PluginLoadException">A listed plugin or service assembly cannot be used; the message says which and why.</exception>
    public static LoadedPlugins Load(PluginManifest manifest, ContainerBuilder builder, ILogger logger)
    {
        var plugins = new List<LoadedPlugin>();
        foreach (var entry in manifest.Plugins)
        {
            if (!entry.Enabled)
            {
                logger.LogInformation("plugin {Name} is disabled in {Source}", entry.Name, manifest.Source);
                continue;
            }

            plugins.Add(LoadPlugin(entry, builder));
            logger.LogInformation("loaded plugin {Name} {Version} from {Path}", entry.Name, plugins[^1].Version, entry.AssemblyPath);
        }

        var services = new List<Type>();
        var httpEndpoints = new List<Type>();
        foreach (var entry in manifest.Services)
        {
            const string what = "service assembly";
            var assembly = PluginAssemblyLoader.Load(what, entry.AssemblyPath, sha256: null);
            var types = PluginAssemblyLoader.TypesOf(what, entry.AssemblyPath, assembly)
                .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true })
                .ToList();
            var found = types.Where(t => t.GetCustomAttribute<RpcServiceAttribute>() is not null).ToList();
            if (found.Count == 0)
            {
                throw new PluginLoadException($"{what} at {entry.AssemblyPath} has no public class marked [RpcService]");
            }

            services.AddRange(found);
            httpEndpoints.AddRange(types.Where(t => HttpEndpointContracts.Of(t).Count > 0));
            logger.LogInformation("loaded services {Services} from {Path}", string.Join(", ", found.Select(t => t.Name)), entry.AssemblyPath);
        }

        return new LoadedPlugins(plugins, services) { HttpEndpointTypes = httpEndpoints };
    }

    /// <summary>Registers a plugin referenced as a plain project or package: the same entry point, no folder.</summary>
    public static ContainerBuilder AddPlugin<TPlugin>(this ContainerBuilder builder, JsonElement? settings = null)
        where TPlugin : RpcPlugin, new()
    {
        var plugin = new TPlugin();
        if (settings is { } value)
        {
            plugin.Settings = value.Clone();
        }

        builder.RegisterModule(new GuardedPluginModule(plugin, typeof(TPlugin).Name, typeof(TPlugin).Assembly.Location, where: null));
        return builder;
    }

    private static LoadedPlugin LoadPlugin(PluginEntry entry, ContainerBuilder builder)
    {
        var what = $"plugin '{entry.Name}'";
        var assembly = PluginAssemblyLoader.Load(what, entry.AssemblyPath, entry.Sha256);
        var moduleTypes = PluginAssemblyLoader.TypesOf(what, entry.AssemblyPath, assembly)
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && typeof(RpcPlugin).IsAssignableFrom(t))
            .ToList();
        if (moduleTypes.Count == 0)
        {
            throw new PluginLoadException($"{what} at {entry.AssemblyPath} has no public class deriving from {nameof(RpcPlugin)}; is it a PlugRpc plugin?");
        }

        foreach (var type in moduleTypes)
        {
            builder.RegisterModule(new GuardedPluginModule(Create(what, entry, type), entry.Name, entry.AssemblyPath, entry.Where));
        }

        return new LoadedPlugin(entry.Name, entry.AssemblyPath, assembly.GetName().Version, moduleTypes);
    }

    private static RpcPlugin Create(string what, PluginEntry entry, Type type)
    {
        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new PluginLoadException($"{what} at {entry.AssemblyPath}: {type.Name} needs a public parameterless constructor");
        }

        try
        {
            var plugin = (RpcPlugin)Activator.CreateInstance(type)!;
            plugin.Settings = entry.Settings;
            return plugin;
        }
        catch (TargetInvocationException ex)
        {
            throw new PluginLoadException($"{what} at {entry.AssemblyPath}: the constructor of {type.Name} threw: {ex.InnerException?.Message}", ex.InnerException ?? ex);
        }
    }
}
