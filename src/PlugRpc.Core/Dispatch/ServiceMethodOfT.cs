using PlugRpc.Components;

namespace PlugRpc.Dispatch;

/// <summary>A method taking <typeparamref name="TRequest"/> and producing <typeparamref name="TResponse"/>.</summary>
internal sealed class ServiceMethod<TRequest, TResponse> : ServiceMethod
{
    private readonly object service;
    private readonly Func<object, CallContext, TRequest, ValueTask<TResponse>> invoker;

    public ServiceMethod(string serviceName, string methodName, object service, Func<object, CallContext, TRequest, ValueTask<TResponse>> invoker)
        : base(serviceName, methodName)
    {
        this.service = service;
        this.invoker = invoker;
    }

    public override async ValueTask InvokeAsync(ServerCall call)
    {
        TRequest request;
        try
        {
            request = TypedCodecs<TRequest>.Of(call.Codec).Deserialize(call.Body);
        }
        catch (RpcException)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new RpcException(
                RpcStatusCode.InvalidArgument,
                $"cannot decode {typeof(TRequest).Name} for {ServiceName}.{MethodName} with {call.Codec.Name}: {ex.Message}",
                ex);
        }

        call.Request = request;
        var response = await invoker(service, call, request).ConfigureAwait(false);
        call.Response = response;
        TypedCodecs<TResponse>.Of(call.Codec).Serialize(call.ResponseBody, response);
    }
}
