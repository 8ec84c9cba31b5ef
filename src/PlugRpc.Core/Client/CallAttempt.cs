using System.Diagnostics;
using PlugRpc.Codecs;
using PlugRpc.Discovery;

namespace PlugRpc.Client;

/// <summary>
/// One attempt of a call on one instance: what a connection's pending table holds, matched by sequence number. It
/// is settled once (an answer, an error, its deadline, a cancellation, the connection closing), always on a
/// thread-pool thread, never on a connection's read loop or a timer: answers that arrive together are settled
/// together (see <see cref="CompletionBatch"/>), anything else queues the attempt on its own. Settling hands the
/// outcome to the call (<see cref="OutgoingCall.OnAttemptSettled"/>), which decides what follows.
/// </summary>
internal sealed class CallAttempt : IThreadPoolWorkItem
{
    /// <summary>
    /// How long a work item settles attempts before it hands half of those left to another thread: long against a
    /// batch of quick continuations (microseconds), read from the coarse tick clock (a few milliseconds a tick).
    /// </summary>
    internal const long SlowSliceMs = 10;

    private Exception? error;
    private ulong seq;
    private CancellationTokenRegistration cancellation;
    private ClientConnection? connection;

    public CallAttempt(OutgoingCall call, int number = 1, AttemptKind kind = AttemptKind.First)
    {
        Call = call;
        Number = number;
        Kind = kind;
    }

    public OutgoingCall Call { get; }

    /// <summary>Which attempt of its call this is: 1 for the first.</summary>
    public int Number { get; }

    public AttemptKind Kind { get; }

    /// <summary>The instance the attempt went to; null for a call to an address of its own or a heartbeat.</summary>
    public InstanceState? Instance { get; private set; }

    /// <summary>
    /// The sequence number it was sent with; written after <see cref="Deadline"/> and read before it (release and
    /// acquire), so that whoever reads a number also reads the deadline of that send or a later one.
    /// </summary>
    public ulong Seq
    {
        get => Volatile.Read(ref seq);
        set => Volatile.Write(ref seq, value);
    }

    /// <summary>When the attempt times out, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    public long Deadline { get; private set; }

    /// <summary>The codec the attempt's request was encoded with; null for a heartbeat.</summary>
    public ICodec? Codec { get; private set; }

    /// <summary>When the attempt began (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long StartedAt { get; private set; }

    /// <summary>Whether the request was handed to a connection: after that, the server may have run it.</summary>
    public bool Sent { get; private set; }

    /// <summary>Whether an answer arrived for the attempt: its connection counts it until it is settled.</summary>
    public bool Answered { get; set; }

    /// <summary>Whether the attempt failed because its connection closed: the server may or may not have run it.</summary>
    public bool LostConnection { get; set; }

    /// <summary>Whether the attempt has been settled since it began.</summary>
    public bool Settled { get; private set; }

    /// <summary>The next attempt settled by the same work item (see <see cref="CompletionBatch"/>).</summary>
    public CallAttempt? NextInBatch { get; set; }

    /// <summary>Whether the call's token was watched: a late cancellation callback may still reach this attempt.</summary>
    public bool IsWatched { get; private set; }

    /// <summary>Readies the attempt, its instance still to pick; the call's previous use of it must have settled.</summary>
    public void Begin(long deadline)
    {
        Instance = null;
        Deadline = deadline;
        error = null;
        Codec = null;
        Sent = false;
        Answered = false;
        LostConnection = false;
        Settled = false;
        connection = null;
        StartedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>Starts the attempt's clock again: its latency is the server's, not the dial's before it.</summary>
    public void RestartClock() => StartedAt = Stopwatch.GetTimestamp();

    /// <summary>The instance picked for the attempt.</summary>
    public void AssignTo(InstanceState instance) => Instance = instance;

    /// <summary>Records the codec the request was encoded with, to decode its answer.</summary>
    public void EncodedWith(ICodec codec) => Codec = codec;

    /// <summary>
    /// Notes that the request is on <paramref name="pending"/>'s way out, and makes cancellation of the call's token
    /// take the attempt out of its table and fail it. A token cancelled before is caught by <see cref="CancelIfRequested"/>.
    /// </summary>
    public void SentOn(ClientConnection pending)
    {
        Sent = true;
        connection = pending;
        var token = Call.CancellationToken;
        if (token.CanBeCanceled)
        {
            IsWatched = true;
            cancellation = token.UnsafeRegister(static state => ((CallAttempt)state!).Cancel(), this);
        }
    }

    public void CancelIfRequested()
    {
        if (Call.CancellationToken.IsCancellationRequested)
        {
            Cancel();
        }
    }

    /// <summary>Takes the attempt off its connection, if it still waits there, and fails it with <paramref name="reason"/>.</summary>
    public void Abandon(Exception reason)
    {
        if (connection is { } pending && pending.TryTake(this))
        {
            FailSoon(reason);
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

    /// <summary>Settles the attempt on this thread: for a failure before anything was sent, so no one waits on it yet.</summary>
    public void FailNow(Exception failure)
    {
        error = failure;
        Settle();
    }

    /// <summary>Settles this attempt and the attempts chained after it (see <see cref="SettleChain"/>).</summary>
    void IThreadPoolWorkItem.Execute() => SettleChain(SlowSliceMs);

    /// <summary>
    /// Settles this attempt and those chained after it; their continuations run here, one after another. When they
    /// have taken more than <paramref name="handOffAfterMs"/> (continuations doing real work), half of those left
    /// go to another thread, and again after each such stretch, so slow continuations spread over the pool instead
    /// of queueing behind each other.
    /// </summary>
    internal void SettleChain(long handOffAfterMs)
    {
        var attempt = this;
        var since = Environment.TickCount64;
        while (attempt is not null)
        {
            var next = attempt.NextInBatch;
            attempt.NextInBatch = null;
            attempt.Settle();
            attempt = next;
            if (attempt?.NextInBatch is not null && Environment.TickCount64 - since > handOffAfterMs)
            {
                ThreadPool.UnsafeQueueUserWorkItem(SplitOffSecondHalf(attempt), preferLocal: false);
                since = Environment.TickCount64;
            }
        }
    }

    /// <summary>Cuts the chain starting at <paramref name="head"/> (two attempts or more) in two; returns the second half's head.</summary>
    private static CallAttempt SplitOffSecondHalf(CallAttempt head)
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

    private void Cancel() => Abandon(new OperationCanceledException(Call.CancellationToken));

    private void Settle()
    {
        if (IsWatched)
        {
            cancellation.Unregister();
            cancellation = default;
        }

        Settled = true;
        if (Answered)
        {
            connection!.AnswerSettled();
        }

        Call.Sender?.AccountFor(this, error);
        Call.OnAttemptSettled(this, error);
    }
}
