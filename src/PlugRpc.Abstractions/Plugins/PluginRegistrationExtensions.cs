using Autofac;
using PlugRpc.Codecs;
using PlugRpc.Discovery;
using PlugRpc.Filters;
using PlugRpc.Http;
using PlugRpc.Transport;

namespace PlugRpc.Plugins;

/// <summary>
/// How a plugin registers an implementation under its name, so options pick it. Codecs, compressors and transports
/// are one shared instance each, listed under their contract and found by their own name (<see cref="ICodec.Name"/>,
/// <see cref="ICompressor.Name"/>, <see cref="ITransport.Scheme"/>), so each has exactly one name. Filters and selectors are made for each client or server that lists them, from its options
/// (<see cref="SideFactory{TSideOptions, TComponent}"/>); one name may stand for a client filter, an instance filter
/// and a server filter at once, and a side takes whichever kinds it has.
/// </summary>
public static class PluginRegistrationExtensions
{
    /// <summary>A codec, found by its <see cref="ICodec.Name"/> (options) and <see cref="ICodec.SerializeType"/> (frames).</summary>
    public static void RegisterCodec(this ContainerBuilder builder, Func<IComponentContext, ICodec> factory) =>
        builder.RegisterShared(factory);

    /// <summary>A compressor, found by its <see cref="ICompressor.Name"/> (options) and <see cref="ICompressor.CompressType"/> (frames).</summary>
    public static void RegisterCompressor(this ContainerBuilder builder, Func<IComponentContext, ICompressor> factory) =>
        builder.RegisterShared(factory);

    /// <summary>A transport, found by its <see cref="ITransport.Scheme"/>.</summary>
    public static void RegisterTransport(this ContainerBuilder builder, Func<IComponentContext, ITransport> factory) =>
        builder.RegisterShared(factory);

    /// <summary>
    /// A registry for URLs of <paramref name="scheme"/> (e.g. "zookeeper" for zookeeper://…): Core opens one per URL,
    /// shared by the process's clients and servers, and disposes it with the container.
    /// </summary>
    public static void RegisterRegistry(this ContainerBuilder builder, string scheme, Func<IComponentContext, RegistryAddress, IRegistry> open)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scheme);
        builder.Register(c =>
            {
                var container = c.Resolve<IComponentContext>();
                return new RegistryFactory(address => open(container, address));
            })
            .Named<RegistryFactory>(scheme.ToLowerInvariant())
            .SingleInstance();
    }

    /// <summary>A selector; each client gets a new one.</summary>
    public static void RegisterSelector(this ContainerBuilder builder, string name, Func<IComponentContext, ISelector> factory) =>
        builder.RegisterSide<ClientSideOptions, ISelector>(name, (context, _) => factory(context));

    public static void RegisterInstanceFilter(this ContainerBuilder builder, string name, Func<IComponentContext, ClientSideOptions, IInstanceFilter> factory) =>
        builder.RegisterSide(name, factory);

    public static void RegisterClientFilter(this ContainerBuilder builder, string name, Func<IComponentContext, ClientSideOptions, IClientFilter> factory) =>
        builder.RegisterSide(name, factory);

    /// <summary>A client filter that does not depend on the client's options.</summary>
    public static void RegisterClientFilter(this ContainerBuilder builder, string name, Func<IComponentContext, IClientFilter> factory) =>
        builder.RegisterSide<ClientSideOptions, IClientFilter>(name, (context, _) => factory(context));

    public static void RegisterServerFilter(this ContainerBuilder builder, string name, Func<IComponentContext, ServerSideOptions, IServerFilter> factory) =>
        builder.RegisterSide(name, factory);

    /// <summary>A server filter that does not depend on the server's options.</summary>
    public static void RegisterServerFilter(this ContainerBuilder builder, string name, Func<IComponentContext, IServerFilter> factory) =>
        builder.RegisterSide<ServerSideOptions, IServerFilter>(name, (context, _) => factory(context));

    /// <summary>
    /// Endpoints and middleware for the process's HTTP port, in the HTTP plugin's types (for the gateway:
    /// <c>RegisterHttpEndpoints&lt;WebApplicationBuilder, WebApplication&gt;</c>); one shared instance.
    /// </summary>
    public static void RegisterHttpEndpoints<TBuilder, TApp>(this ContainerBuilder builder, Func<IComponentContext, IHttpEndpoints<TBuilder, TApp>> factory) =>
        builder.Register(factory).As<IHttpEndpoints<TBuilder, TApp>>().SingleInstance();

    private static void RegisterShared<TContract>(this ContainerBuilder builder, Func<IComponentContext, TContract> factory)
        where TContract : notnull =>
        builder.Register(factory).As<TContract>().SingleInstance();

    private static void RegisterSide<TSideOptions, TComponent>(this ContainerBuilder builder, string name, Func<IComponentContext, TSideOptions, TComponent> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Register(c =>
            {
                var container = c.Resolve<IComponentContext>();
                return new SideFactory<TSideOptions, TComponent>(options => factory(container, options));
            })
            .Named<SideFactory<TSideOptions, TComponent>>(name)
            .SingleInstance();
    }
}
