namespace PlugRpc.Plugins;

/// <summary>What the loader put into the container.</summary>
public sealed record LoadedPlugins(IReadOnlyList<LoadedPlugin> Plugins, IReadOnlyList<Type> ServiceTypes)
{
    /// <summary>The public classes of the service assemblies that add HTTP endpoints (<see cref="Http.IHttpEndpoints{TBuilder, TApp}"/>).</summary>
    public IReadOnlyList<Type> HttpEndpointTypes { get; init; } = [];
}
