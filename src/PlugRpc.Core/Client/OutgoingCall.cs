using System.Threading.Tasks.Sources;
using PlugRpc.Discovery;

namespace PlugRpc.Client;

/// <summary>
/// A call as the client sends it: the context the filters saw, and its attempts (<see cref="CallAttempt"/>). The
/// first attempt is the call's own object, used again with the call; further attempts (retries, backup requests)
/// are made as the call's <see cref="AttemptRun"/> asks for them. When the call is done the outcome goes to whoever
/// waits: by default the filter chain's awaiter (<see cref="Done"/>), which allocates nothing.
/// </summary>
internal abstract class OutgoingCall : ClientCallContext, IValueTaskSource
{
    /// <summary>Made only for a call that a filter chain awaits.</summary>
    private CallWaiter? waiter;

    private CallAttempt? firstAttempt;
    private AttemptRun? run;
    private bool governed;

    protected OutgoingCall(string serviceName, string methodName, Metadata? metadata, CallOptions options, CancellationToken cancellationToken)
        : base(serviceName, methodName, metadata, options, cancellationToken)
    {
    }

    /// <summary>The call's span and metrics while someone listens (<see cref="CallTelemetry"/>); empty otherwise.</summary>
    public CallObservation Observation;

    /// <summary>Whether an answer carries a body to decode (false for a heartbeat).</summary>
    public virtual bool ExpectsResponseBody => true;

    /// <summary>The attempt the call starts with; the same object for every use of the call.</summary>
    public CallAttempt FirstAttempt => firstAttempt ??= new CallAttempt(this);

    /// <summary>The client that sends the call, told of each attempt's end; null for a heartbeat.</summary>
    public CallSender? Sender { get; set; }

    /// <summary>The governed sequence of attempts this use of the call makes, or null for a single attempt.</summary>
    public AttemptRun? Run => governed ? run : null;

    /// <summary>
    /// Whether the call object may serve another call: it made one attempt, nothing is scheduled for it, and no
    /// late cancellation callback can reach it.
    /// </summary>
    protected bool IsReusable => !(firstAttempt?.IsWatched ?? false) && (!governed || run!.LeftNothingBehind);

    /// <summary>Completes when the call is done (all its attempts).</summary>
    /// <remarks>Only after <see cref="MakeAwaitable"/>.</remarks>
    public ValueTask Done => new(this, Waiter.Core.Version);

    private CallWaiter Waiter => waiter ?? throw new InvalidOperationException("the call was not made awaitable before it was sent");

    /// <summary>Lets the call be awaited through <see cref="Done"/>; called before it is sent, again for each send.</summary>
    public void MakeAwaitable()
    {
        waiter ??= new CallWaiter();
        waiter.Core.Reset();
    }

    /// <summary>Makes this use of the call a sequence of attempts under <paramref name="policy"/>; null for a single attempt.</summary>
    public AttemptRun? Govern(AttemptPolicy? policy)
    {
        governed = policy is not null;
        if (policy is null)
        {
            return null;
        }

        run ??= new AttemptRun(this);
        run.Begin(policy);
        return run;
    }

    /// <summary>
    /// Whether this attempt's answer may be decoded into the call: with several attempts in flight only the first
    /// answer is, so two read loops never write the response at once.
    /// </summary>
    public bool TryClaimAnswer(CallAttempt attempt) => Run?.TryClaimAnswer(attempt) ?? true;

    /// <summary>Called once per attempt as it settles; the sequence decides whether the call is done.</summary>
    public void OnAttemptSettled(CallAttempt attempt, Exception? failure)
    {
        if (Run is { } run)
        {
            run.OnAttemptSettled(attempt, failure);
            return;
        }

        Finish(failure);
    }

    /// <summary>Hands the call's outcome to whoever waits.</summary>
    public void Finish(Exception? failure) => Complete(failure);

    /// <summary>Ends the call's span and metrics, when it has them: as its outcome goes to the caller.</summary>
    public void EndObservation(Exception? failure)
    {
        if (Observation.IsActive)
        {
            CallTelemetry.End(this, failure);
        }
    }

    /// <summary>As <see cref="EndObservation"/> for a failure, in an exception filter: false, so the failure goes on unchanged.</summary>
    public bool EndObservationOf(Exception failure)
    {
        EndObservation(failure);
        return false;
    }

    /// <summary>Makes the response the caller gets when a failure is swallowed (failsafe): the type's default.</summary>
    public virtual void UseDefaultResponse()
    {
    }

    void IValueTaskSource.GetResult(short token) => Waiter.Core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => Waiter.Core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        Waiter.Core.OnCompleted(continuation, state, token, flags);

    /// <summary>Hands the outcome to whoever waits: by default the filter chain's awaiter.</summary>
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

    private sealed class CallWaiter
    {
        public ManualResetValueTaskSourceCore<bool> Core;
    }
}
