using System.Reflection;
using PlugRpc.Services;

namespace PlugRpc.Dispatch;

/// <summary>The request and response types of one service method.</summary>
public sealed record ServiceMethodTypes(Type Request, Type Response)
{
    /// <summary>Looks "Service.Method" up among service classes, by the same naming rules the server uses.</summary>
    public static ServiceMethodTypes? Find(IEnumerable<Type> serviceTypes, string serviceName, string methodName)
    {
        foreach (var type in serviceTypes)
        {
            if (ServiceNaming.ServiceNameOf(type) != serviceName)
            {
                continue;
            }

            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            {
                if (method.DeclaringType != typeof(object) && !method.IsSpecialName &&
                    method.GetCustomAttribute<RpcIgnoreAttribute>() is null &&
                    ServiceNaming.MethodNameOf(method) == methodName &&
                    MethodSignature.TryRead(method, out var signature, out _))
                {
                    return new ServiceMethodTypes(signature!.RequestType, signature.ResponseType);
                }
            }
        }

        return null;
    }
}
