using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PlugRpc.Protocol;

namespace PlugRpc.Gateway.Http;

/// <summary>
/// Writes a response's go-rpc headers, as go-rpc's gateway does: the request's seq, message type 1 (a response), no
/// compression, the body's serialize type, status_code 0 or 1, the call's names, the error text and the metadata the
/// server sent back as a JSON object (without the caller's auth token). Values are UTF-8 on one line.
/// </summary>
internal static class GoRpcResponse
{
    private const string ResponseMessage = "1";

    public static void Write(HttpResponse response, ulong seq, byte serializeType, string service, string method, string? error, Metadata? metadata)
    {
        var headers = response.Headers;
        headers[GoRpcHeaders.Seq] = seq.ToString(CultureInfo.InvariantCulture);
        headers[GoRpcHeaders.MessageType] = ResponseMessage;
        headers[GoRpcHeaders.CompressType] = CompressTypes.None.ToString(CultureInfo.InvariantCulture);
        headers[GoRpcHeaders.SerializeType] = serializeType.ToString(CultureInfo.InvariantCulture);
        headers[GoRpcHeaders.StatusCode] = ((byte)(error is null ? WireStatus.Ok : WireStatus.Error)).ToString(CultureInfo.InvariantCulture);
        headers[GoRpcHeaders.ServiceName] = OneLine(service);
        headers[GoRpcHeaders.MethodName] = OneLine(method);
        headers[GoRpcHeaders.Error] = OneLine(error ?? string.Empty);
        headers[GoRpcHeaders.MetaData] = MetaDataJson(metadata);
    }

    private static string MetaDataJson(Metadata? metadata)
    {
        using var text = new MemoryStream();
        using (var writer = new Utf8JsonWriter(text))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in metadata ?? new Metadata())
            {
                if (key != MetadataKeys.Auth)
                {
                    writer.WriteString(key, value);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
    }

    private static string OneLine(string value) =>
        value.Any(char.IsControl) ? new string(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray()) : value;
}
