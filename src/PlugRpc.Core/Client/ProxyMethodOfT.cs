namespace PlugRpc.Client;

/// <summary>A proxy method with typed request and response.</summary>
internal sealed class ProxyMethod<TRequest, TResponse>(
    string serviceName,
    string methodName,
    int requestIndex,
    int tokenIndex,
    int optionsIndex,
    bool returnsValueTask) : ProxyMethod
{
    public override object Invoke(RpcClient client, object?[] args)
    {
        var request = (TRequest)args[requestIndex]!;
        var token = tokenIndex >= 0 ? (CancellationToken)args[tokenIndex]! : CancellationToken.None;
        var options = optionsIndex >= 0 ? (CallOptions?)args[optionsIndex] : null;
        return returnsValueTask
            ? client.CallPooledAsync<TRequest, TResponse>(serviceName, methodName, request, options, token)
            : client.CallAsync<TRequest, TResponse>(serviceName, methodName, request, options, token);
    }
}
