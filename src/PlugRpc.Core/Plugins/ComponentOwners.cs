using Autofac.Core;
using Autofac.Core.Registration;
using PlugRpc.Discovery;
using PlugRpc.Filters;

namespace PlugRpc.Plugins;

/// <summary>
/// Which plugin registered each component: a name in the registration's metadata, so that two plugins claiming
/// one name or one wire number stop start-up naming both.
/// </summary>
internal static class ComponentOwners
{
    public const string MetadataKey = "PlugRpc.Plugin";
    private const string NamesKey = "PlugRpc.ComponentNames";

    /// <summary>The plugin that registered a component, or "the host" for one registered in code.</summary>
    public static string Of(IDictionary<string, object?> metadata) =>
        metadata.TryGetValue(MetadataKey, out var owner) && owner is string plugin ? $"plugin '{plugin}'" : "the host";

    /// <summary>Tags <paramref name="registration"/> as <paramref name="plugin"/>'s and refuses a name another plugin has taken.</summary>
    public static void Claim(IComponentRegistryBuilder registry, IComponentRegistration registration, string plugin)
    {
        registration.Metadata[MetadataKey] = plugin;
        if (!registry.Properties.TryGetValue(NamesKey, out var value) || value is not Dictionary<(string, string), string> names)
        {
            names = [];
            registry.Properties[NamesKey] = names;
        }

        foreach (var service in registration.Services.OfType<KeyedService>())
        {
            var key = (KindOf(service.ServiceType), service.ServiceKey.ToString() ?? string.Empty);
            if (names.TryGetValue(key, out var other) && other != plugin)
            {
                throw new PluginLoadException($"plugins '{other}' and '{plugin}' both register a {key.Item1} named '{key.Item2}'; a name must be one component's: disable one or rename it");
            }

            names[key] = plugin;
        }
    }

    private static string KindOf(Type type)
    {
        if (type == typeof(RegistryFactory))
        {
            return "registry scheme";
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(SideFactory<,>))
        {
            var component = type.GetGenericArguments()[1];
            return component == typeof(ISelector) ? "selector" : "filter";
        }

        return type.Name;
    }
}
