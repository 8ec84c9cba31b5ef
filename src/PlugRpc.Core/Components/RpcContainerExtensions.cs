using Autofac;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PlugRpc.Client;
using PlugRpc.Discovery;
using PlugRpc.Filters;
using PlugRpc.Options;
using PlugRpc.Plugins;
using PlugRpc.Server;

namespace PlugRpc.Components;

/// <summary>Builds servers and clients from what the container holds, picking implementations by the names in options.</summary>
public static class RpcContainerExtensions
{
    /// <summary>Registers what Core itself provides: go-rpc's frame protocol, the random selector, the component set.</summary>
    public static ContainerBuilder AddPlugRpcCore(this ContainerBuilder builder)
    {
        builder.RegisterModule<CoreModule>();
        return builder;
    }

    public static RpcServer CreateRpcServer(this IComponentContext container, ServerOptions options)
    {
        options.Validate();
        var side = options.ToSideOptions();
        var filters = options.Filters.Select(name => container.CreateServerFilter(name, side)).ToArray();
        var components = container.Resolve<RpcComponents>();
        options.Addresses.ForEach(components.Transports.Check);
        var registry = options.Registry is { } url ? container.Resolve<RegistryDirectory>().Open(url) : null;
        return new RpcServer(options, components, filters, registry, LoggerFactoryOf(container));
    }

    public static RpcClient CreateRpcClient(this IComponentContext container, ClientOptions options)
    {
        options.Validate();
        var side = options.ToSideOptions();
        var callFilters = new List<IClientFilter>();
        var instanceFilters = new List<IInstanceFilter>();
        foreach (var name in options.Filters)
        {
            var call = container.TryResolveNamed<SideFactory<ClientSideOptions, IClientFilter>>(name, out var callFactory);
            var instance = container.TryResolveNamed<SideFactory<ClientSideOptions, IInstanceFilter>>(name, out var instanceFactory);
            if (!call && !instance)
            {
                throw NamedComponents.Missing<SideFactory<ClientSideOptions, IClientFilter>, SideFactory<ClientSideOptions, IInstanceFilter>>(container, "client filter", name);
            }

            if (call)
            {
                callFilters.Add(callFactory!.Create(side));
            }

            if (instance)
            {
                instanceFilters.Add(instanceFactory!.Create(side));
            }
        }

        var selector = NeedsSelector(options)
            ? NamedComponents.Resolve<SideFactory<ClientSideOptions, ISelector>>(container, "selector", options.Selector ?? DefaultSelector).Create(side)
            : null;
        var components = container.Resolve<RpcComponents>();
        options.Addresses.ForEach(components.Transports.Check);
        options.Instances.ForEach(instance => components.Transports.Check(instance.Address));
        var registry = options.Registry is { } url ? container.Resolve<RegistryDirectory>().Open(url) : null;
        return new RpcClient(options, components, callFilters, selector, instanceFilters, registry, LoggerFactoryOf(container));
    }

    /// <summary>Makes the server filter registered as <paramref name="name"/>, for a server with <paramref name="side"/> options.</summary>
    public static IServerFilter CreateServerFilter(this IComponentContext container, string name, ServerSideOptions? side = null) =>
        NamedComponents.Resolve<SideFactory<ServerSideOptions, IServerFilter>>(container, "server filter", name).Create(side ?? ServerSideOptions.Default);

    /// <summary>Makes the client filter registered as <paramref name="name"/>, for a client with <paramref name="side"/> options.</summary>
    public static IClientFilter CreateClientFilter(this IComponentContext container, string name, ClientSideOptions? side = null) =>
        NamedComponents.Resolve<SideFactory<ClientSideOptions, IClientFilter>>(container, "client filter", name).Create(side ?? ClientSideOptions.Default);

    /// <summary>Makes the instance filter registered as <paramref name="name"/>, for a client with <paramref name="side"/> options.</summary>
    public static IInstanceFilter CreateInstanceFilter(this IComponentContext container, string name, ClientSideOptions? side = null) =>
        NamedComponents.Resolve<SideFactory<ClientSideOptions, IInstanceFilter>>(container, "instance filter", name).Create(side ?? ClientSideOptions.Default);

    /// <summary>Makes a new selector registered as <paramref name="name"/>.</summary>
    public static ISelector CreateSelector(this IComponentContext container, string name) =>
        NamedComponents.Resolve<SideFactory<ClientSideOptions, ISelector>>(container, "selector", name).Create(ClientSideOptions.Default);

    /// <summary>The selector a client with several instances uses unless its options name another.</summary>
    public const string DefaultSelector = "p2c";

    /// <summary>A client of one fixed address has nothing to choose, unless its options name a selector anyway.</summary>
    private static bool NeedsSelector(ClientOptions options) =>
        options.Selector is not null || options.Registry is not null || options.Addresses.Count + options.Instances.Count != 1;

    private static ILoggerFactory LoggerFactoryOf(IComponentContext container) =>
        container.TryResolve<ILoggerFactory>(out var factory) ? factory : NullLoggerFactory.Instance;
}
