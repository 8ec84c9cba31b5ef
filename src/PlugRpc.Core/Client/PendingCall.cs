using PlugRpc.Codecs;

namespace PlugRpc.Client;

/// <summary>
/// A request sent and not yet answered, matched to its response by sequence number; itself the completion the
/// caller awaits. It is always settled on a thread-pool thread, never on a connection's read loop or a timer:
/// responses that arrive together are settled together (see <see cref="CompletionBatch"/>), anything else
/// (an error, a deadline, a cancellation, the connection closing) queues the call on its own.
/// </summary>
internal sealed class PendingCall : TaskCompletionSource, IThreadPoolWorkItem
{
    private static readonly Exception Cancelled = new OperationCanceledException();
    private Exception? error;

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

    /// <summary>Set by the connection so that a cancelled call also leaves its pending table.</summary>
    public Action<PendingCall>? OnCancel { get; set; }

    public ulong Seq { get; set; }

    /// <summary>The next call settled by the same work item (see <see cref="CompletionBatch"/>).</summary>
    public PendingCall? NextInBatch { get; set; }

    /// <summary>Marks the call failed, to be settled with the rest of its batch.</summary>
    public void SetError(Exception failure) => error = failure;

    /// <summary>Settles the call on the thread pool: for failures that do not come with a batch of responses.</summary>
    public void FailSoon(Exception failure)
    {
        error = failure;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    public void Cancel()
    {
        OnCancel?.Invoke(this);
        FailSoon(Cancelled);
    }

    /// <summary>Settles this call and the calls chained after it; their continuations run here, one after another.</summary>
    void IThreadPoolWorkItem.Execute()
    {
        var call = this;
        while (call is not null)
        {
            var next = call.NextInBatch;
            call.NextInBatch = null;
            call.Settle();
            call = next;
        }
    }

    private void Settle()
    {
        if (error is null)
        {
            TrySetResult();
        }
        else if (ReferenceEquals(error, Cancelled))
        {
            TrySetCanceled();
        }
        else
        {
            TrySetException(error);
        }
    }
}
