using Autofac;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PlugRpc.Client;
using PlugRpc.Discovery;
using PlugRpc.Filters;
using PlugRpc.Options;
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
        var filters = NamedComponents.ResolveAll<IServerFilter>(container, "server filter", options.Filters);
        return new RpcServer(options, container.Resolve<RpcComponents>(), filters, LoggerFactoryOf(container));
    }

    public static RpcClient CreateRpcClient(this IComponentContext container, ClientOptions options)
    {
        options.Validate();
        var filters = NamedComponents.ResolveAll<IClientFilter>(container, "client filter", options.Filters);
        var selector = NamedComponents.Resolve<ISelector>(container, "selector", options.Selector);
        return new RpcClient(options, container.Resolve<RpcComponents>(), filters, selector, [], LoggerFactoryOf(container));
    }

    private static ILoggerFactory LoggerFactoryOf(IComponentContext container) =>
        container.TryResolve<ILoggerFactory>(out var factory) ? factory : NullLoggerFactory.Instance;
}
