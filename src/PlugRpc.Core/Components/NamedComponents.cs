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

    public static IReadOnlyList<T> ResolveAll<T>(IComponentContext container, string kind, IEnumerable<string> names)
        where T : class =>
        names.Select(name => Resolve<T>(container, kind, name)).ToArray();

    private static IEnumerable<string> NamesOf<T>(IComponentContext container) =>
        container.ComponentRegistry.Registrations
            .SelectMany(r => r.Services)
            .OfType<KeyedService>()
            .Where(s => s.ServiceType == typeof(T))
            .Select(s => s.ServiceKey.ToString() ?? string.Empty)
            .Distinct()
            .Order(StringComparer.Ordinal);

    private static string Describe(IEnumerable<string> names)
    {
        var text = string.Join(", ", names);
        return text.Length == 0 ? "none" : text;
    }
}
