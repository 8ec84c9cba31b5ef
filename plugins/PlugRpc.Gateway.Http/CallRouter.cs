using Autofac;

namespace PlugRpc.Gateway.Http;

/// <summary>
/// Sends a gateway call where it is served: in-process, through the server's filters, when this host serves the
/// service (<see cref="ILocalCalls"/>); otherwise through the host's client, with its discovery and filters.
/// </summary>
internal sealed class CallRouter
{
    private readonly IComponentContext container;
    private readonly ILocalCalls? local;
    private IRpcClient? client;

    public CallRouter(IComponentContext container)
    {
        this.container = container;
        local = container.TryResolve<ILocalCalls>(out var calls) ? calls : null;
    }

    public Task<JsonReply> CallAsync(JsonCall call, CancellationToken cancellationToken)
    {
        if (local is not null && local.Serves(call.ServiceName))
        {
            return local.CallJsonAsync(call, cancellationToken);
        }

        return Client(call.ServiceName).CallJsonAsync(call, cancellationToken);
    }

    /// <summary>The host's client, made on the first call that needs it.</summary>
    private IRpcClient Client(string service) =>
        client ??= container.TryResolve<IRpcClient>(out var made)
            ? made
            : throw new RpcException(RpcStatusCode.Unavailable, $"this host does not serve {service} and has no RPC client to call it with");
}
