using Autofac;
using Autofac.Core;

namespace PlugRpc.Components;

/// <summary>Resolves implementations registered by name, saying which names exist when one is missing.</summary>
internal static class NamedComponents
{
    public static T Resolve<T>(IComponentContext container, string kind, string name)
        where T : class
    {
        if (container.TryResolveNamed<T>(name, out var found))
        {
            return found;
        }

        throw new RpcException(
            RpcStatusCode.FailedPrecondition,
            $"no {kind} named '{name}' is registered (registered: {Describe(NamesOf<T>(container))}); is its plugin listed in plugins.json?");
    }

    /// <summary>The error for a name that neither of two kinds of component is registered under.</summary>
    public static RpcException Missing<T1, T2>(IComponentContext container, string kind, string name) =>
        new(
            RpcStatusCode.FailedPrecondition,
            $"no {kind} named '{name}' is registered (registered: {Describe(NamesOf(container, typeof(T1), typeof(T2)))}); is its plugin listed in plugins.json?");

    private static IEnumerable<string> NamesOf<T>(IComponentContext container) => NamesOf(container, typeof(T), typeof(T));

    private static IEnumerable<string> NamesOf(IComponentContext container, Type first, Type second) =>
        container.ComponentRegistry.Registrations
            .SelectMany(r => r.Services)
            .OfType<KeyedService>()
            .Where(s => s.ServiceType == first || s.ServiceType == second)
            .Select(s => s.ServiceKey.ToString() ?? string.Empty)
            .Distinct()
            .Order(StringComparer.Ordinal);

    private static string Describe(IEnumerable<string> names)
    {
        var text = string.Join(", ", names);
        return text.Length == 0 ? "none" : text;
    }
}
