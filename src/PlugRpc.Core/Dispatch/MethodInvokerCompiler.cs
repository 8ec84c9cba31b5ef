using System.Linq.Expressions;
using System.Reflection;

namespace PlugRpc.Dispatch;

/// <summary>
/// Compiles a service method into a <c>Func&lt;object, CallContext, TRequest, ValueTask&lt;TResponse&gt;&gt;</c> once,
/// so that a call never goes through <see cref="MethodInfo.Invoke(object, object[])"/>.
/// </summary>
internal static class MethodInvokerCompiler
{
    public static ServiceMethod Compile(string serviceName, string methodName, object service, MethodInfo method, MethodSignature signature)
    {
        var serviceParameter = Expression.Parameter(typeof(object), "service");
        var contextParameter = Expression.Parameter(typeof(CallContext), "context");
        var requestParameter = Expression.Parameter(signature.RequestType, "request");
        var responseVariable = Expression.Variable(signature.ResponseType, "response");

        var arguments = new List<Expression>();
        var payloadIndex = 0;
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.ParameterType == typeof(CallContext))
            {
                arguments.Add(contextParameter);
            }
            else if (parameter.ParameterType == typeof(CancellationToken))
            {
                arguments.Add(Expression.Property(contextParameter, nameof(CallContext.CancellationToken)));
            }
            else
            {
                arguments.Add(payloadIndex++ == 0 ? requestParameter : responseVariable);
            }
        }

        var call = Expression.Call(Expression.Convert(serviceParameter, method.DeclaringType!), method, arguments);
        var resultType = typeof(ValueTask<>).MakeGenericType(signature.ResponseType);
        Expression body = signature.FillsResponse
            ? Expression.Block(
                resultType,
                [responseVariable],
                Expression.Assign(responseVariable, Expression.New(signature.ResponseType)),
                Expression.Call(ThenReturn(signature), call, responseVariable))
            : AsValueTask(call, signature, resultType);

        var delegateType = typeof(Func<,,,>).MakeGenericType(typeof(object), typeof(CallContext), signature.RequestType, resultType);
        var invoker = Expression.Lambda(delegateType, body, serviceParameter, contextParameter, requestParameter).Compile();
        var methodType = typeof(ServiceMethod<,>).MakeGenericType(signature.RequestType, signature.ResponseType);
        var compiled = (ServiceMethod)Activator.CreateInstance(methodType, serviceName, methodName, service, invoker)!;
        compiled.TakesContext = method.GetParameters().Any(parameter => parameter.ParameterType == typeof(CallContext));
        return compiled;
    }

    private static MethodInfo ThenReturn(MethodSignature signature)
    {
        var awaited = signature.ReturnType;
        var definition = typeof(InvokerContinuations)
            .GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == nameof(InvokerContinuations.ThenReturn) && m.GetParameters()[0].ParameterType == awaited);
        return definition.MakeGenericMethod(signature.ResponseType);
    }

    private static Expression AsValueTask(Expression call, MethodSignature signature, Type resultType)
    {
        if (signature.ReturnType == resultType)
        {
            return call;
        }

        var argumentType = signature.ReturnType == signature.ResponseType
            ? signature.ResponseType
            : typeof(Task<>).MakeGenericType(signature.ResponseType);
        return Expression.New(resultType.GetConstructor([argumentType])!, call);
    }
}
