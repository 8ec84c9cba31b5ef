using System.Buffers;
using System.Text.Json;
using PlugRpc.Codecs;
using PlugRpc.Dispatch;

namespace PlugRpc.Client;

/// <summary>
/// A JSON-text call for which the service's types are known: the JSON becomes a <typeparamref name="TRequest"/>,
/// so any codec (protobuf too) can encode it, and the response goes back to JSON.
/// </summary>
internal sealed class TypedJsonClientCall<TRequest, TResponse> : OutgoingCall, IJsonResultCall
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };
    private readonly TRequest request;

    public TypedJsonClientCall(string serviceName, string methodName, string requestJson, Metadata? metadata, CallOptions options, CancellationToken cancellationToken)
        : base(serviceName, methodName, metadata, options, cancellationToken)
    {
        try
        {
            request = JsonSerializer.Deserialize<TRequest>(requestJson, Json)!;
        }
        catch (JsonException ex)
        {
            throw new RpcException(RpcStatusCode.InvalidArgument, $"the request is not a valid {typeof(TRequest).Name} in JSON: {ex.Message}", ex);
        }
    }

    public string? ResponseJson { get; private set; }

    public override object? RequestObject => request;

    public override object? ResponseObject => ResponseJson;

    public override void WriteRequest(ICodec codec, IBufferWriter<byte> output) => codec.Serialize(output, request);

    public override void ReadResponse(ICodec codec, in ReadOnlySequence<byte> body) =>
        ResponseJson = JsonSerializer.Serialize(codec.Deserialize<TResponse>(body));
}

/// <summary>Makes the typed call for types known only at run time.</summary>
internal static class TypedJsonClientCall
{
    public static OutgoingCall Create(ServiceMethodTypes types, string service, string method, string json, Metadata? metadata, CallOptions options, CancellationToken cancellationToken)
    {
        var type = typeof(TypedJsonClientCall<,>).MakeGenericType(types.Request, types.Response);
        try
        {
            return (OutgoingCall)Activator.CreateInstance(type, service, method, json, metadata, options, cancellationToken)!;
        }
        catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is RpcException inner)
        {
            throw inner;
        }
    }
}
