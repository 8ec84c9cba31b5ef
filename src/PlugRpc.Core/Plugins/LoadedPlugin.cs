namespace PlugRpc.Plugins;

/// <summary>A plugin that was loaded: where from, its version, its entry points.</summary>
public sealed record LoadedPlugin(string Name, string AssemblyPath, Version? Version, IReadOnlyList<Type> ModuleTypes);
