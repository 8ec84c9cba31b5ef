using System.Reflection;
using PlugRpc.Services;

namespace PlugRpc.Dispatch;

/// <summary>How a .NET type and method map to wire names; server and client proxies share it.</summary>
public static class ServiceNaming
{
    private const string AsyncSuffix = "Async";

    /// <summary>[RpcService(Name)], else the class name, else an interface's name without its leading I.</summary>
    public static string ServiceNameOf(Type type)
    {
        var attribute = type.GetCustomAttribute<RpcServiceAttribute>(inherit: false);
        if (!string.IsNullOrEmpty(attribute?.Name))
        {
            return attribute.Name;
        }

        var name = type.Name;
        return type.IsInterface && name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]) ? name[1..] : name;
    }

    /// <summary>[RpcMethod(Name)], else the method name without an Async suffix.</summary>
    public static string MethodNameOf(MethodInfo method)
    {
        var attribute = method.GetCustomAttribute<RpcMethodAttribute>(inherit: false);
        if (attribute?.Name is { Length: > 0 } wireName)
        {
            return wireName;
        }

        var name = method.Name;
        return name.Length > AsyncSuffix.Length && name.EndsWith(AsyncSuffix, StringComparison.Ordinal)
            ? name[..^AsyncSuffix.Length]
            : name;
    }

    /// <summary>Whether the method is marked <c>[RpcMethod(Idempotent = true)]</c>.</summary>
    public static bool IsIdempotent(MethodInfo method) =>
        method.GetCustomAttribute<RpcMethodAttribute>(inherit: false)?.Idempotent ?? false;

    /// <summary>Splits "Service.Method" at its last dot.</summary>
    public static (string Service, string Method) Split(string serviceMethod)
    {
        var dot = serviceMethod?.LastIndexOf('.') ?? -1;
        if (dot <= 0 || dot == serviceMethod!.Length - 1)
        {
            throw new RpcException(RpcStatusCode.InvalidArgument, $"'{serviceMethod}' is not of the form Service.Method");
        }

        return (serviceMethod[..dot], serviceMethod[(dot + 1)..]);
    }
}
