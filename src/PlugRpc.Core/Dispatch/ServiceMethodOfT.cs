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

    /// <remarks>
    /// A method that answers at once is served with no state machine; a failure to decode, or one the method
    /// throws before it returns, is thrown here rather than put in the returned task (the dispatcher takes both).
    /// </remarks>
    public override ValueTask InvokeAsync(ServerCall call)
    {
        var request = Decode(call);
        call.Request = request;
        var running = invoker(service, call, request);
        if (!running.IsCompletedSuccessfully)
        {
            return EncodeWhenDoneAsync(call, running);
        }

        Encode(call, running.Result);
        return ValueTask.CompletedTask;
    }

    private static async ValueTask EncodeWhenDoneAsync(ServerCall call, ValueTask<TResponse> running) =>
        Encode(call, await running.ConfigureAwait(false));

    private static void Encode(ServerCall call, TResponse response)
    {
        call.Response = response;
        TypedCodecs<TResponse>.Of(call.Codec).Serialize(call.ResponseBody, response);
    }

    private TRequest Decode(ServerCall call)
    {
        try
        {
            return TypedCodecs<TRequest>.Of(call.Codec).Deserialize(call.Body);
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
    }
}
