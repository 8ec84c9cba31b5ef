namespace PlugRpc.Plugins;

/// <summary>What the loader put into the container.</summary>
public sealed record LoadedPlugins(IReadOnlyList<LoadedPlugin> Plugins, IReadOnlyList<Type> ServiceTypes);
