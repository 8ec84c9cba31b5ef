namespace PlugRpc.Plugins;

/// <summary>One service assembly listed in plugins.json, its path resolved.</summary>
public sealed record ServiceAssemblyEntry(string AssemblyPath);
