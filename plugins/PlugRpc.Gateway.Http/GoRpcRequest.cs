using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PlugRpc.Protocol;

namespace PlugRpc.Gateway.Http;

/// <summary>
/// What a request's go-rpc headers say: its seq, serialize type, the call's names (for POST /invoke) and metadata
/// from rpc-header-meta_data, whose rpc_deadline_ms, if any, becomes the call's timeout.
/// </summary>
internal sealed record GoRpcRequest(ulong? Seq, byte SerializeType, string? ServiceName, string? MethodName, Metadata? Metadata, TimeSpan? Timeout)
{
    /// <exception cref="RpcException">InvalidArgument: a header is malformed; the message names it.</exception>
    public static GoRpcRequest Read(IHeaderDictionary headers)
    {
        var seq = Number(headers, GoRpcHeaders.Seq, ulong.MaxValue);
        var messageType = Number(headers, GoRpcHeaders.MessageType, byte.MaxValue);
        if (messageType is not (null or 0))
        {
            throw new RpcException(RpcStatusCode.InvalidArgument, $"{GoRpcHeaders.MessageType} is {messageType}: a call is a request (0)");
        }

        var compressType = Number(headers, GoRpcHeaders.CompressType, byte.MaxValue);
        if (compressType is not (null or CompressTypes.None))
        {
            throw new RpcException(RpcStatusCode.InvalidArgument, $"{GoRpcHeaders.CompressType} is {compressType}: the gateway takes uncompressed bodies (0)");
        }

        var serializeType = (byte)(Number(headers, GoRpcHeaders.SerializeType, byte.MaxValue) ?? SerializeTypes.Json);
        var (metadata, timeout) = MetadataOf(headers[GoRpcHeaders.MetaData].ToString());
        return new GoRpcRequest(seq, serializeType, Text(headers, GoRpcHeaders.ServiceName), Text(headers, GoRpcHeaders.MethodName), metadata, timeout);
    }

    private static string? Text(IHeaderDictionary headers, string name) => headers[name].ToString() is { Length: > 0 } value ? value : null;

    private static ulong? Number(IHeaderDictionary headers, string name, ulong max)
    {
        if (Text(headers, name) is not { } text)
        {
            return null;
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max
            ? value
            : throw new RpcException(RpcStatusCode.InvalidArgument, $"{name} is '{text}', not a number from 0 to {max}");
    }

    /// <summary>go-rpc's meta_data: a JSON object whose values become text (strings as they are, others as JSON).</summary>
    private static (Metadata? Metadata, TimeSpan? Timeout) MetadataOf(string json)
    {
        if (json.Length == 0)
        {
            return (null, null);
        }

        Metadata metadata;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new RpcException(RpcStatusCode.InvalidArgument, $"{GoRpcHeaders.MetaData} must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
            }

            metadata = new Metadata();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                metadata[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => property.Value.GetRawText(),
                };
            }
        }
        catch (JsonException ex)
        {
            throw new RpcException(RpcStatusCode.InvalidArgument, $"{GoRpcHeaders.MetaData} is not valid JSON: {ex.Message}", ex);
        }

        return (metadata, TimeoutOf(metadata));
    }

    private static TimeSpan? TimeoutOf(Metadata metadata)
    {
        if (!metadata.TryGetValue(MetadataKeys.Deadline, out var text))
        {
            return null;
        }

        metadata.Remove(MetadataKeys.Deadline);
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : throw new RpcException(RpcStatusCode.InvalidArgument, $"{GoRpcHeaders.MetaData} has {MetadataKeys.Deadline} '{text}', not a positive number of milliseconds");
    }
}
