using PlugRpc.Codecs;

namespace PlugRpc.Client;

/// <summary>A request sent and not yet answered, matched to its response by sequence number.</summary>
internal sealed class PendingCall
{
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingCall(ClientCallContext? context, ICodec? codec, long deadline)
    {
        Context = context;
        Codec = codec;
        Deadline = deadline;
    }

    /// <summary>Null for a heartbeat.</summary>
    public ClientCallContext? Context { get; }

    public ICodec? Codec { get; }

    /// <summary>When the call times out, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    public long Deadline { get; }

    public Task Task => completion.Task;

    public void Complete() => completion.TrySetResult();

    public void Fail(Exception error) => completion.TrySetException(error);

    public void Cancel() => completion.TrySetCanceled();
}
