using PlugRpc.Filters;

namespace PlugRpc.Client;

/// <summary>The client filters wrapped around the sender, built once per client.</summary>
internal static class ClientPipeline
{
    public static ClientCallHandler Build(IReadOnlyList<IClientFilter> filters, ClientCallHandler last)
    {
        var next = last;
        for (var i = filters.Count - 1; i >= 0; i--)
        {
            var filter = filters[i];
            var inner = next;
            next = context => filter.InvokeAsync(context, inner);
        }

        return next;
    }
}
