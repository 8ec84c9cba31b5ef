using System.Buffers;
using System.Runtime.CompilerServices;
using PlugRpc.Codecs;
using PlugRpc.Components;

namespace PlugRpc.Client;

/// <summary>
/// A call with typed request and response, so that encoding and decoding need no boxing or reflection. Without
/// client filters nobody needs the attempt to be awaitable: the call then completes the caller's task with the
/// response itself (<see cref="StartDirect"/>), so a call costs no async state machine; and since no filter and
/// no user code ever sees such a call, the object is used again for the thread's next one.
/// </summary>
internal sealed class ClientCall<TRequest, TResponse> : OutgoingCall
{
    /// <summary>One settled direct call kept per thread: a caller's next call usually starts where its last one completed.</summary>
    [ThreadStatic]
    private static ClientCall<TRequest, TResponse>? spare;

    private TRequest request;
    private AsyncTaskMethodBuilder<TResponse> direct;
    private bool completesDirectly;

    public ClientCall(string serviceName, string methodName, TRequest request, Metadata? metadata, CallOptions options, CancellationToken cancellationToken)
        : base(serviceName, methodName, metadata, options, cancellationToken)
    {
        this.request = request;
    }

    public TResponse? Response { get; private set; }

    public override object? RequestObject => request;

    public override object? ResponseObject => Response;

    /// <summary>A call for <see cref="StartDirect"/>: the thread's spare one if it has one.</summary>
    public static ClientCall<TRequest, TResponse> ForDirect(
        string serviceName, string methodName, TRequest request, Metadata? metadata, CallOptions options, CancellationToken cancellationToken)
    {
        var call = spare;
        if (call is null)
        {
            return new ClientCall<TRequest, TResponse>(serviceName, methodName, request, metadata, options, cancellationToken);
        }

        spare = null;
        call.Reuse(serviceName, methodName, metadata, options, cancellationToken);
        call.request = request;
        return call;
    }

    public override void WriteRequest(ICodec codec, IBufferWriter<byte> output) => TypedCodecs<TRequest>.Of(codec).Serialize(output, request);

    public override void ReadResponse(ICodec codec, in ReadOnlySequence<byte> body) => Response = TypedCodecs<TResponse>.Of(codec).Deserialize(body);

    /// <summary>Sends the call's only attempt; the task completes with the response.</summary>
    public Task<TResponse> StartDirect(CallSender sender)
    {
        completesDirectly = true;
        direct = AsyncTaskMethodBuilder<TResponse>.Create();
        var task = direct.Task;
        sender.Start(this);
        return task;
    }

    protected override void Complete(Exception? failure)
    {
        if (!completesDirectly)
        {
            base.Complete(failure);
            return;
        }

        var builder = direct;
        var response = Response;
        direct = default;
        request = default!;
        Response = default;

        // Free for the thread's next call before the caller's continuation runs (it usually makes that call).
        // A call whose token was watched may still be reached by a late cancellation callback: never reused.
        if (!IsWatched)
        {
            spare = this;
        }

        if (failure is null)
        {
            builder.SetResult(response!);
        }
        else
        {
            builder.SetException(failure);
        }
    }
}
