using System.Reflection;
using PlugRpc.Dispatch;

namespace PlugRpc.Client;

/// <summary>One interface method of a proxy, bound to its wire name and typed once.</summary>
internal abstract class ProxyMethod
{
    public abstract object Invoke(RpcClient client, object?[] args);

    public static ProxyMethod For(string serviceName, MethodInfo method)
    {
        var returnType = method.ReturnType;
        var isTask = returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>);
        var isValueTask = returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>);
        var parameters = method.GetParameters();
        var requestIndex = -1;
        var tokenIndex = -1;
        var optionsIndex = -1;
        for (var i = 0; i < parameters.Length; i++)
        {
            var type = parameters[i].ParameterType;
            if (type == typeof(CancellationToken))
            {
                tokenIndex = i;
            }
            else if (type == typeof(CallOptions))
            {
                optionsIndex = i;
            }
            else if (requestIndex < 0)
            {
                requestIndex = i;
            }
            else
            {
                requestIndex = int.MaxValue;
            }
        }

        if (!(isTask || isValueTask) || requestIndex is < 0 or int.MaxValue)
        {
            throw new ArgumentException(
                $"{method.DeclaringType!.Name}.{method.Name} cannot be proxied: expected Task<TResponse> or ValueTask<TResponse> " +
                "M(TRequest request[, CancellationToken][, CallOptions])");
        }

        var typed = typeof(ProxyMethod<,>).MakeGenericType(parameters[requestIndex].ParameterType, returnType.GetGenericArguments()[0]);
        return (ProxyMethod)Activator.CreateInstance(
            typed,
            serviceName,
            ServiceNaming.MethodNameOf(method),
            requestIndex,
            tokenIndex,
            optionsIndex,
            isValueTask,
            ServiceNaming.IsIdempotent(method))!;
    }
}
