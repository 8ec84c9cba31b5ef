using Microsoft.AspNetCore.Http;

namespace PlugRpc.Gateway.Http;

/// <summary>
/// An HTTP caller's W3C trace context (the traceparent and tracestate headers) goes on with the call, so the call's
/// spans join the caller's trace; trace context already in rpc-header-meta_data wins.
/// </summary>
internal static class TraceHeaders
{
    public static Metadata? AddTo(Metadata? metadata, IHeaderDictionary headers)
    {
        var traceParent = headers[MetadataKeys.TraceParent].ToString();
        if (traceParent.Length == 0 || metadata?.ContainsKey(MetadataKeys.TraceParent) == true)
        {
            return metadata;
        }

        metadata ??= new Metadata();
        metadata[MetadataKeys.TraceParent] = traceParent;
        var traceState = headers[MetadataKeys.TraceState].ToString();
        if (traceState.Length > 0)
        {
            metadata[MetadataKeys.TraceState] = traceState;
        }

        return metadata;
    }
}
