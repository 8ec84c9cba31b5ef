using PlugRpc.Dispatch;
using PlugRpc.Filters;

namespace PlugRpc.Server;

/// <summary>The server filters wrapped around the method call, built once per server.</summary>
internal static class ServerPipeline
{
    public static ServerCallHandler Build(IReadOnlyList<IServerFilter> filters)
    {
        ServerCallHandler next = static context => ((ServerCall)context).Method.InvokeAsync((ServerCall)context);
        for (var i = filters.Count - 1; i >= 0; i--)
        {
            var filter = filters[i];
            var inner = next;
            next = context => filter.InvokeAsync(context, inner);
        }

        return next;
    }
}
