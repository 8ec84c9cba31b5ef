namespace PlugRpc.Client;

/// <summary>A proxy method with typed request and response.</summary>
internal sealed class ProxyMethod<TRequest, TResponse>(
    string serviceName,
    string methodName,
    int requestIndex,
    int tokenIndex,
    int optionsIndex,
    bool returnsValueTask,
    bool idempotent) : ProxyMethod
{
    private static readonly CallOptions Idempotent = new() { Idempotent = true };

    public override object Invoke(RpcClient client, object?[] args)
    {
        var request = (TRequest)args[requestIndex]!;
        var token = tokenIndex >= 0 ? (CancellationToken)args[tokenIndex]! : CancellationToken.None;
        var options = optionsIndex >= 0 ? (CallOptions?)args[optionsIndex] : null;
        if (idempotent)
        {
            options = options is null ? Idempotent : options.Idempotent is null ? options with { Idempotent = true } : options;
        }

        return returnsValueTask
            ? client.CallPooledAsync<TRequest, TResponse>(serviceName, methodName, request, options, token)
            : client.CallAsync<TRequest, TResponse>(serviceName, methodName, request, options, token);
    }
}
