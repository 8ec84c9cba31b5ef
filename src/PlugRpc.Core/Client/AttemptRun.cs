using PlugRpc.Discovery;

namespace PlugRpc.Client;

/// <summary>
/// One governed call's attempts under its client's <see cref="AttemptPolicy"/>: the first, then retries as
/// failures allow, and a backup request when the first is slow. Several may be in flight at once, each on its own
/// instance; the first good answer wins and the others are cancelled; all share the call's one deadline. Made once
/// per call object and begun again for each use of it.
/// </summary>
internal sealed class AttemptRun
{
    private readonly OutgoingCall call;
    private readonly Lock gate = new();
    private readonly List<CallAttempt> attempts = [];
    private readonly List<InstanceState> tried = [];
    private AttemptPolicy policy = null!;
    private int started;
    private int inFlight;
    private bool finished;
    private int answerClaimed;
    private bool scheduled;

    public AttemptRun(OutgoingCall call)
    {
        this.call = call;
    }

    /// <summary>Whether the call is done: an attempt started now is not needed.</summary>
    public bool IsFinished
    {
        get
        {
            lock (gate)
            {
                return finished;
            }
        }
    }

    /// <summary>Whether this use made a single attempt and scheduled nothing, so nothing can reach the call later.</summary>
    public bool LeftNothingBehind => started == 1 && !scheduled;

    public void Begin(AttemptPolicy policy)
    {
        this.policy = policy;
        attempts.Clear();
        tried.Clear();
        started = 0;
        inFlight = 0;
        finished = false;
        answerClaimed = 0;
        scheduled = false;
    }

    /// <summary>Sends the first attempt, and arms the backup request when the policy wants one.</summary>
    public void Start(CallSender sender)
    {
        policy.Budget.RecordCall();
        var first = call.FirstAttempt;
        lock (gate)
        {
            started = 1;
            inFlight = 1;
            attempts.Add(first);

            // The first answer may complete the call on another thread before the backup is armed below: a call
            // that may arm one is never used again, so that nothing here can touch a call that serves another.
            scheduled = policy.Mode == Options.FailMode.FailBackup;
        }

        sender.StartAttempt(first, sameInstance: null, avoid: null);
        if (policy.BackupDelayFor(call, first.Instance) is { } delay && !first.Settled)
        {
            Schedule(delay, static run => run.SendBackup());
        }
    }

    /// <summary>Only the first answer is decoded into the call.</summary>
    public bool TryClaimAnswer(CallAttempt attempt) => Interlocked.CompareExchange(ref answerClaimed, 1, 0) == 0;

    /// <summary>
    /// Decides what follows a settled attempt: the call's answer, a retry, or waiting for another attempt in flight.
    /// Retrying an attempt that never reached a connection (its dial failed) takes nothing from the retry budget:
    /// no server did any work for it, and a dead instance that refuses connections would otherwise use the budget up.
    /// </summary>
    public void OnAttemptSettled(CallAttempt attempt, Exception? failure)
    {
        CallAttempt? retry = null;
        InstanceState[] avoid = [];
        lock (gate)
        {
            inFlight--;
            if (finished)
            {
                return;
            }

            if (failure is null)
            {
                finished = true;
            }
            else if (started <= policy.Retries && policy.IsRetryable(attempt, failure) && call.TimeLeft > TimeSpan.Zero && (!attempt.Sent || policy.Budget.TryRetry()))
            {
                retry = Add(AttemptKind.Retry);
                if (attempt.Instance is { } failed)
                {
                    tried.Add(failed);
                }

                avoid = [.. tried];
            }
            else if (inFlight > 0)
            {
                // A backup request may still answer.
                return;
            }
            else
            {
                finished = true;
            }
        }

        if (retry is not null)
        {
            Retry(retry, attempt.Instance, avoid);
            return;
        }

        if (failure is null)
        {
            CancelOthers(attempt);
            call.Finish(null);
        }
        else if (policy.Swallows(call, failure))
        {
            call.UseDefaultResponse();
            call.Finish(null);
        }
        else
        {
            call.Finish(failure);
        }
    }

    private void Retry(CallAttempt retry, InstanceState? failed, InstanceState[] avoid)
    {
        ClientMetrics.AttemptAdded(call, AttemptKind.Retry, policy.Mode);
        var sender = call.Sender!;
        if (!policy.RetriesSameInstance || failed is null)
        {
            sender.StartAttempt(retry, sameInstance: null, avoid);
            return;
        }

        var pause = policy.BackoffBefore(started - 1, call);
        if (pause <= TimeSpan.Zero)
        {
            sender.StartAttempt(retry, failed, avoid: null);
            return;
        }

        Schedule(pause, run => run.call.Sender!.StartAttempt(retry, failed, avoid: null));
    }

    private void SendBackup()
    {
        CallAttempt backup;
        InstanceState[] avoid;
        lock (gate)
        {
            if (finished || started > policy.Retries || !policy.Budget.TryRetry())
            {
                return;
            }

            backup = Add(AttemptKind.Backup);
            foreach (var attempt in attempts)
            {
                if (attempt.Instance is { } instance && !tried.Contains(instance))
                {
                    tried.Add(instance);
                }
            }

            avoid = [.. tried];
        }

        ClientMetrics.AttemptAdded(call, AttemptKind.Backup, policy.Mode);
        call.Sender!.StartAttempt(backup, sameInstance: null, avoid);
    }

    /// <summary>A new attempt, counted as started and in flight; under the gate.</summary>
    private CallAttempt Add(AttemptKind kind)
    {
        started++;
        inFlight++;
        call.Attempt = started;
        var attempt = new CallAttempt(call, started, kind);
        attempts.Add(attempt);
        return attempt;
    }

    private void CancelOthers(CallAttempt winner)
    {
        CallAttempt[] others;
        lock (gate)
        {
            if (attempts.Count == 1)
            {
                return;
            }

            others = [.. attempts];
        }

        foreach (var other in others)
        {
            if (!ReferenceEquals(other, winner))
            {
                other.Abandon(new OperationCanceledException($"{call}: another attempt answered first"));
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> after <paramref name="delay"/> on a timer of its own (the call is then never reused).</summary>
    private void Schedule(TimeSpan delay, Action<AttemptRun> action)
    {
        scheduled = true;
        Timer? timer = null;
        timer = new Timer(
            _ =>
            {
                timer?.Dispose();
                action(this);
            },
            null,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        timer.Change(delay, Timeout.InfiniteTimeSpan);
    }
}
