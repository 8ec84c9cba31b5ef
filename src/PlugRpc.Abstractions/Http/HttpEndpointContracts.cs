namespace PlugRpc.Http;

/// <summary>Finds the <see cref="IHttpEndpoints{TBuilder, TApp}"/> a class implements, so a host can register it under them.</summary>
public static class HttpEndpointContracts
{
    /// <summary>The closed <see cref="IHttpEndpoints{TBuilder, TApp}"/> interfaces of <paramref name="type"/>; empty for none.</summary>
    public static IReadOnlyList<Type> Of(Type type) =>
        type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IHttpEndpoints<,>)).ToArray();
}
