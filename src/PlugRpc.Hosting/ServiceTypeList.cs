namespace PlugRpc.Hosting;

/// <summary>The service classes plugins.json names, registered in the container for the server to host.</summary>
public sealed record ServiceTypeList(IReadOnlyList<Type> Types);
