using Autofac;
using PlugRpc.Codecs;
using PlugRpc.Discovery;
using PlugRpc.Filters;
using PlugRpc.Transport;

namespace PlugRpc.Plugins;

/// <summary>
/// How a plugin registers an implementation: one shared instance, both in the list of its contract (so the
/// server can host every codec) and under its name (so options pick it).
/// </summary>
public static class PluginRegistrationExtensions
{
    public static void RegisterCodec(this ContainerBuilder builder, string name, Func<IComponentContext, ICodec> factory) =>
        builder.RegisterNamed(name, factory);

    public static void RegisterCompressor(this ContainerBuilder builder, string name, Func<IComponentContext, ICompressor> factory) =>
        builder.RegisterNamed(name, factory);

    public static void RegisterTransport(this ContainerBuilder builder, string name, Func<IComponentContext, ITransport> factory) =>
        builder.RegisterNamed(name, factory);

    public static void RegisterRegistry(this ContainerBuilder builder, string name, Func<IComponentContext, IRegistry> factory) =>
        builder.RegisterNamed(name, factory);

    public static void RegisterSelector(this ContainerBuilder builder, string name, Func<IComponentContext, ISelector> factory) =>
        builder.RegisterNamed(name, factory);

    public static void RegisterInstanceFilter(this ContainerBuilder builder, string name, Func<IComponentContext, IInstanceFilter> factory) =>
        builder.RegisterNamed(name, factory);

    public static void RegisterClientFilter(this ContainerBuilder builder, string name, Func<IComponentContext, IClientFilter> factory) =>
        builder.RegisterNamed(name, factory);

    public static void RegisterServerFilter(this ContainerBuilder builder, string name, Func<IComponentContext, IServerFilter> factory) =>
        builder.RegisterNamed(name, factory);

    private static void RegisterNamed<TContract>(this ContainerBuilder builder, string name, Func<IComponentContext, TContract> factory)
        where TContract : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Register(factory).As<TContract>().Named<TContract>(name).SingleInstance();
    }
}
