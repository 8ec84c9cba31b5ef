using PlugRpc.Codecs;

namespace PlugRpc.Client;

/// <summary>
/// A request sent and not yet answered, matched to its response by sequence number; itself the completion the
/// caller awaits (one object per call), whose continuation never runs on the connection's read loop.
/// </summary>
internal sealed class PendingCall : TaskCompletionSource
{
    public PendingCall(ClientCallContext? context, ICodec? codec, long deadline)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
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

    /// <summary>Set by the connection so that a cancelled call also leaves its pending table.</summary>
    public Action<PendingCall>? OnCancel { get; set; }

    public ulong Seq { get; set; }

    public void Complete() => TrySetResult();

    public void Fail(Exception error) => TrySetException(error);

    public void Cancel()
    {
        OnCancel?.Invoke(this);
        TrySetCanceled();
    }
}
