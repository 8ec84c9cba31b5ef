namespace PlugRpc.Hosting;

/// <summary>The service classes plugins.json names, registered in the container for the server to host.</summary>
internal sealed record ServiceTypeList(IReadOnlyList<Type> Types);
