using PlugRpc.Dispatch;

namespace PlugRpc.Cli;

/// <summary>
/// A failed call's message as the CLI prints it: go-rpc's "can not find service" and "can not find method" (the
/// wire carries no name) followed by the service or method the command asked for.
/// </summary>
internal static class CallErrors
{
    public static string Describe(RpcException error, string? serviceMethod)
    {
        if (error.StatusCode != RpcStatusCode.NotFound || serviceMethod is null)
        {
            return error.Message;
        }

        var (service, method) = ServiceNaming.Split(serviceMethod);
        return error.Message switch
        {
            RpcErrors.ServiceNotFound => $"{RpcErrors.ServiceNotFound} {service}",
            RpcErrors.MethodNotFound => $"{RpcErrors.MethodNotFound} {method} in {service}",
            _ => error.Message,
        };
    }
}
