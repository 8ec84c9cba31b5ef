using System.Reflection;
using PlugRpc.Services;

namespace PlugRpc.Dispatch;

/// <summary>The services a server hosts, by wire name, each method compiled once at registration.</summary>
internal sealed class ServiceCatalog
{
    private readonly Dictionary<string, Dictionary<string, ServiceMethod>> services = new(StringComparer.Ordinal);

    public IEnumerable<string> ServiceNames => services.Keys;

    public bool Contains(string serviceName) => services.ContainsKey(serviceName);

    /// <summary>Adds every public instance method of <paramref name="service"/> that is not [RpcIgnore].</summary>
    /// <exception cref="ArgumentException">A method has an unsupported shape, or the name is taken.</exception>
    public string Add(object service, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        var type = service.GetType();
        var serviceName = name ?? ServiceNaming.ServiceNameOf(type);
        if (services.ContainsKey(serviceName))
        {
            throw new ArgumentException($"a service named '{serviceName}' is already registered");
        }

        var methods = new Dictionary<string, ServiceMethod>(StringComparer.Ordinal);
        foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.DeclaringType == typeof(object) || method.IsSpecialName || method.IsGenericMethodDefinition ||
                method.GetCustomAttribute<RpcIgnoreAttribute>() is not null)
            {
                continue;
            }

            if (!MethodSignature.TryRead(method, out var signature, out var problem))
            {
                throw new ArgumentException($"{type.Name}.{method.Name} cannot be served: {problem}; mark it [RpcIgnore] to leave it out");
            }

            var methodName = ServiceNaming.MethodNameOf(method);
            if (!methods.TryAdd(methodName, MethodInvokerCompiler.Compile(serviceName, methodName, service, method, signature!)))
            {
                throw new ArgumentException($"{type.Name} has more than one method named '{methodName}'; rename one with [RpcMethod]");
            }
        }

        if (methods.Count == 0)
        {
            throw new ArgumentException($"{type.Name} has no public methods to serve");
        }

        services.Add(serviceName, methods);
        return serviceName;
    }

    public bool TryFind(string serviceName, string methodName, out ServiceMethod? method, out string error)
    {
        method = null;
        if (!services.TryGetValue(serviceName, out var methods))
        {
            error = RpcErrors.ServiceNotFound;
            return false;
        }

        if (!methods.TryGetValue(methodName, out method))
        {
            error = RpcErrors.MethodNotFound;
            return false;
        }

        error = string.Empty;
        return true;
    }
}
