using System.Threading.Tasks.Sources;
using PlugRpc.Codecs;

namespace PlugRpc.Client;

/// <summary>
/// A call as the client's connections see it: the context the filters saw, and the wait for the answer to its
/// current attempt, matched by sequence number. One attempt at a time: a retry sends the same call again once the
/// previous attempt has settled. The attempt is itself the awaitable (<see cref="AttemptDone"/>), so waiting for an
/// answer allocates nothing. It is always settled on a thread-pool thread, never on a connection's read loop or a
/// timer: answers that arrive together are settled together (see <see cref="CompletionBatch"/>), anything else
/// (an error, a deadline, a cancellation, the connection closing) queues the call on its own.
/// </summary>
internal abstract class OutgoingCall : ClientCallContext, IValueTaskSource, IThreadPoolWorkItem
{
    [ThreadStatic]
    private static bool moreAnswersFollow;

    private Exception? error;

    /// <summary>Made only for a call that a filter chain awaits or that can be cancelled.</summary>
    private AttemptWaiter? waiter;

    protected OutgoingCall(string serviceName, string methodName, Metadata? metadata, CallOptions options, CancellationToken cancellationToken)
        : base(serviceName, methodName, metadata, options, cancellationToken)
    {
    }

    /// <summary>The codec the current attempt was encoded with; null for a heartbeat.</summary>
    public ICodec? Codec { get; private set; }

    /// <summary>When the current attempt times out, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    public long Deadline { get; private set; }

    public ulong Seq { get; set; }

    /// <summary>The next call settled by the same work item (see <see cref="CompletionBatch"/>).</summary>
    public OutgoingCall? NextInBatch { get; set; }

    /// <summary>Whether the call was made awaitable or its cancellation token watched.</summary>
    protected bool IsWatched => waiter is not null;

    /// <summary>Whether an answer carries a body to decode (false for a heartbeat).</summary>
    public virtual bool ExpectsResponseBody => true;

    /// <summary>Completes when the current attempt is answered, fails or times out.</summary>
    /// <remarks>Only after <see cref="MakeAwaitable"/>.</remarks>
    public ValueTask AttemptDone => new(this, Waiter.Core.Version);

    private AttemptWaiter Waiter => waiter ?? throw new InvalidOperationException("the call was not made awaitable before it was sent");

    /// <summary>Lets the attempts be awaited through <see cref="AttemptDone"/>; called before the first is sent.</summary>
    public void MakeAwaitable() => waiter ??= new AttemptWaiter();

    /// <summary>Starts an attempt; the previous one, if any, must have settled and been awaited.</summary>
    public void BeginAttempt(long deadline)
    {
        waiter?.Core.Reset();
        error = null;
        Codec = null;
        Deadline = deadline;
    }

    /// <summary>Records the codec the attempt's request was encoded with, to decode its answer.</summary>
    public void EncodedWith(ICodec codec) => Codec = codec;

    /// <summary>
    /// Makes cancellation of the call's token take the attempt out of <paramref name="pending"/>'s table and fail it.
    /// Called before the attempt is sent; a token cancelled in between is caught by <see cref="CancelIfRequested"/>.
    /// </summary>
    public void WatchCancellation(ClientConnection pending)
    {
        if (CancellationToken.CanBeCanceled)
        {
            waiter ??= new AttemptWaiter();
            Waiter.Connection = pending;
            Waiter.Cancellation = CancellationToken.UnsafeRegister(static state => ((OutgoingCall)state!).Cancel(), this);
        }
    }

    public void CancelIfRequested()
    {
        if (CancellationToken.IsCancellationRequested)
        {
            Cancel();
        }
    }

    /// <summary>Marks the attempt failed, to be settled with the rest of its batch.</summary>
    public void SetError(Exception failure) => error = failure;

    /// <summary>Settles the attempt on the thread pool: for failures that do not come with a batch of answers.</summary>
    public void FailSoon(Exception failure)
    {
        error = failure;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>Settles the attempt on this thread: for a failure before anything was sent, so no one waits yet.</summary>
    public void FailNow(Exception failure)
    {
        error = failure;
        Settle();
    }

    void IValueTaskSource.GetResult(short token) => Waiter.Core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => Waiter.Core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        Waiter.Core.OnCompleted(continuation, state, token, flags);

    /// <summary>
    /// True while this thread runs the continuation of an answered call with more answers of the same batch after
    /// it: what that continuation sends will go out with theirs, so it is not a lone call to write at once.
    /// </summary>
    public static bool MoreAnswersFollow => moreAnswersFollow;

    /// <summary>Settles this call and the calls chained after it (see <see cref="SettleChain"/>).</summary>
    void IThreadPoolWorkItem.Execute() => SettleChain(SlowSliceMs);

    /// <summary>
    /// How long a work item settles calls before it hands half of those left to another thread: long against a
    /// batch of quick continuations (microseconds), read from the coarse tick clock (a few milliseconds a tick).
    /// </summary>
    internal const long SlowSliceMs = 10;

    /// <summary>
    /// Settles this call and the calls chained after it; their continuations run here, one after another. When they
    /// have taken more than <paramref name="handOffAfterMs"/> (continuations doing real work), half of the calls
    /// left go to another thread, and again after each such stretch, so slow continuations spread over the pool
    /// instead of queueing behind each other.
    /// </summary>
    internal void SettleChain(long handOffAfterMs)
    {
        var call = this;
        var since = Environment.TickCount64;
        while (call is not null)
        {
            var next = call.NextInBatch;
            call.NextInBatch = null;
            moreAnswersFollow = next is not null;
            call.Settle();
            call = next;
            if (call?.NextInBatch is not null && Environment.TickCount64 - since > handOffAfterMs)
            {
                ThreadPool.UnsafeQueueUserWorkItem(SplitOffSecondHalf(call), preferLocal: false);
                since = Environment.TickCount64;
            }
        }

        moreAnswersFollow = false;
    }

    /// <summary>Cuts the chain starting at <paramref name="head"/> (two calls or more) in two; returns the second half's head.</summary>
    private static OutgoingCall SplitOffSecondHalf(OutgoingCall head)
    {
        var middle = head;
        for (var ahead = head.NextInBatch?.NextInBatch; ahead?.NextInBatch is not null; ahead = ahead.NextInBatch.NextInBatch)
        {
            middle = middle.NextInBatch!;
        }

        var second = middle.NextInBatch!;
        middle.NextInBatch = null;
        return second;
    }

    /// <summary>Hands the outcome to whoever waits: by default the attempt's awaiter (a filter chain).</summary>
    protected virtual void Complete(Exception? failure)
    {
        if (failure is null)
        {
            Waiter.Core.SetResult(true);
        }
        else
        {
            Waiter.Core.SetException(failure);
        }
    }

    private void Cancel()
    {
        if (waiter?.Connection is { } pending && pending.TryTake(this))
        {
            FailSoon(new OperationCanceledException(CancellationToken));
        }
    }

    private void Settle()
    {
        if (waiter is not null)
        {
            waiter.Cancellation.Unregister();
            waiter.Cancellation = default;
        }

        Complete(error);
    }

    private sealed class AttemptWaiter
    {
        public ManualResetValueTaskSourceCore<bool> Core;

        public CancellationTokenRegistration Cancellation;

        public ClientConnection? Connection;
    }
}
