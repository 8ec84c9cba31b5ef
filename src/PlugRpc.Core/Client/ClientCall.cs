using System.Buffers;
using System.Runtime.CompilerServices;
using PlugRpc.Codecs;

namespace PlugRpc.Client;

/// <summary>
/// A call with typed request and response, so that encoding and decoding need no boxing or reflection. Without
/// client filters nobody needs the attempt to be awaitable: the call then completes the caller's task with the
/// response itself (<see cref="StartDirect"/>), so a call costs no async state machine.
/// </summary>
internal sealed class ClientCall<TRequest, TResponse> : OutgoingCall
{
    private readonly TRequest request;
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

    public override void WriteRequest(ICodec codec, IBufferWriter<byte> output) => codec.Serialize(output, request);

    public override void ReadResponse(ICodec codec, in ReadOnlySequence<byte> body) => Response = codec.Deserialize<TResponse>(body);

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
        }
        else if (failure is null)
        {
            direct.SetResult(Response!);
        }
        else
        {
            direct.SetException(failure);
        }
    }
}
