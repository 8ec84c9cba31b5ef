using System.Reflection;

namespace PlugRpc.Dispatch;

/// <summary>
/// Which of the supported shapes a service method has. Besides an optional <see cref="CallContext"/> and
/// <see cref="CancellationToken"/> anywhere in its parameters, a method either
/// <list type="bullet">
/// <item>takes the request and returns the response (<c>Task&lt;T&gt;</c>, <c>ValueTask&lt;T&gt;</c> or <c>T</c>), or</item>
/// <item>takes the request and a response object to fill and returns <c>Task</c> or <c>ValueTask</c> (go-rpc's shape).</item>
/// </list>
/// </summary>
internal sealed record MethodSignature(Type RequestType, Type ResponseType, bool FillsResponse, Type ReturnType)
{
    public static bool TryRead(MethodInfo method, out MethodSignature? signature, out string problem)
    {
        signature = null;
        var payload = new List<Type>(2);
        foreach (var parameter in method.GetParameters())
        {
            var type = parameter.ParameterType;
            if (type.IsByRef || parameter.IsOut)
            {
                problem = $"parameter '{parameter.Name}' is passed by reference";
                return false;
            }

            if (type != typeof(CallContext) && type != typeof(CancellationToken))
            {
                payload.Add(type);
            }
        }

        var returnType = method.ReturnType;
        var isPlainTask = returnType == typeof(Task) || returnType == typeof(ValueTask);
        if (payload.Count == 2 && isPlainTask)
        {
            if (payload[1].IsValueType || payload[1].GetConstructor(Type.EmptyTypes) is null)
            {
                problem = $"the response parameter type {payload[1].Name} needs a public parameterless constructor";
                return false;
            }

            signature = new MethodSignature(payload[0], payload[1], FillsResponse: true, returnType);
            problem = string.Empty;
            return true;
        }

        if (payload.Count == 1 && !isPlainTask && returnType != typeof(void))
        {
            signature = new MethodSignature(payload[0], UnwrapAwaitable(returnType), FillsResponse: false, returnType);
            problem = string.Empty;
            return true;
        }

        problem = "expected (request[, CallContext][, CancellationToken]) returning Task<TResponse>, ValueTask<TResponse> or " +
            "TResponse, or (CallContext, request, response) returning Task";
        return false;
    }

    private static Type UnwrapAwaitable(Type type)
    {
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(Task<>) || definition == typeof(ValueTask<>))
            {
                return type.GetGenericArguments()[0];
            }
        }

        return type;
    }
}
