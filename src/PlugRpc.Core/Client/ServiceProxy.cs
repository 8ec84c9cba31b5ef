using System.Collections.Concurrent;
using System.Reflection;
using PlugRpc.Dispatch;

namespace PlugRpc.Client;

/// <summary>
/// Implements a service interface by calling the service: each method
/// <c>Task&lt;TResponse&gt; M(TRequest request[, CancellationToken][, CallOptions])</c> becomes a call to "Service.M".
/// Each method's call is compiled once into a typed <see cref="ProxyMethod{TRequest, TResponse}"/>.
/// </summary>
public class ServiceProxy : DispatchProxy
{
    private RpcClient client = null!;
    private IReadOnlyDictionary<MethodInfo, ProxyMethod> methods = null!;

    internal static TService Create<TService>(RpcClient client)
        where TService : class
    {
        if (!typeof(TService).IsInterface)
        {
            throw new ArgumentException($"{typeof(TService).Name} is not an interface; proxies implement interfaces");
        }

        var serviceName = ServiceNaming.ServiceNameOf(typeof(TService));
        var methods = new Dictionary<MethodInfo, ProxyMethod>();
        foreach (var method in typeof(TService).GetMethods())
        {
            methods[method] = ProxyMethod.For(serviceName, method);
        }

        var proxy = Create<TService, ServiceProxy>();
        var self = (ServiceProxy)(object)proxy;
        self.client = client;
        self.methods = methods;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        methods[targetMethod!].Invoke(client, args ?? []);
}
