using System.Collections.Concurrent;
using System.Diagnostics;
using PlugRpc.Codecs;
using PlugRpc.Components;
using PlugRpc.Diagnostics;
using PlugRpc.Discovery;
using PlugRpc.Transport;

namespace PlugRpc.Client;

/// <summary>
/// The last link of the client chain: starts a call's attempts (under the fail mode's policy when there is one),
/// each on the instance picked for it, over that instance's pooled connection; and, when anything reads them (a
/// selector with a choice to make, an instance filter that watches attempts, a fail mode), keeps each instance's
/// figures as its attempts start and end and tells those watchers: a client of one address without governance
/// pays nothing for them.
/// </summary>
internal sealed class CallSender
{
    private readonly InstancePicker picker;
    private readonly AttemptPolicy? policy;
    private readonly IAttemptObserver[] observers;
    private readonly ConnectionPool pool;
    private readonly CodecSet codecs;
    private readonly ICodec defaultCodec;
    private readonly ICompressor? defaultCompressor;
    private readonly TimeSpan? attemptTimeout;
    private readonly bool keepsFigures;
    private readonly ConcurrentDictionary<string, RpcAddress> addresses = new(StringComparer.Ordinal);
    private readonly ReadyConnectionCache ready = new();
    private volatile bool listedOnce;

    public CallSender(
        InstancePicker picker,
        AttemptPolicy? policy,
        IReadOnlyList<IAttemptObserver> observers,
        ConnectionPool pool,
        CodecSet codecs,
        ICodec defaultCodec,
        ICompressor? defaultCompressor,
        TimeSpan? attemptTimeout,
        bool keepsFigures)
    {
        this.picker = picker;
        this.policy = policy;
        this.observers = [.. observers];
        this.pool = pool;
        this.codecs = codecs;
        this.defaultCodec = defaultCodec;
        this.defaultCompressor = defaultCompressor;
        this.attemptTimeout = attemptTimeout;
        this.keepsFigures = keepsFigures;
    }

    /// <summary>The last handler of the filter chain: sends the call and completes when it is done.</summary>
    public ValueTask SendAsync(ClientCallContext context)
    {
        var call = context as OutgoingCall
            ?? throw new InvalidOperationException($"a client filter passed on a {context.GetType().Name}; filters must pass on the context they were given");
        call.MakeAwaitable();
        Start(call);
        return call.Done;
    }

    /// <summary>Starts the call: its first attempt, and whatever the policy adds. Never throws: every failure settles the call.</summary>
    public void Start(OutgoingCall call)
    {
        if (!listedOnce)
        {
            var listed = picker.Source.Listed;
            if (!listed.IsCompleted && call.Options.Address is null)
            {
                _ = StartWhenListedAsync(call, listed);
                return;
            }

            listedOnce = listed.IsCompleted;
        }

        StartListed(call);
    }

    /// <summary>The first calls of a registry-backed client wait for its first list, within their deadline; Pick then says why there is none.</summary>
    private async Task StartWhenListedAsync(OutgoingCall call, Task listed)
    {
        try
        {
            var timeLeft = TimeSpan.FromMilliseconds(Math.Max(0, call.DeadlineTickCount - Environment.TickCount64));
            await listed.WaitAsync(timeLeft, call.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Starting now settles the call: cancelled, or Unavailable naming the registry that has not answered.
        }

        StartListed(call);
    }

    private void StartListed(OutgoingCall call)
    {
        call.Sender = this;
        var run = call.Govern(call.Options.Address is null ? policy : null);
        if (run is null)
        {
            StartAttempt(call.FirstAttempt, sameInstance: null, avoid: null);
        }
        else
        {
            run.Start(this);
        }
    }

    /// <summary>
    /// Starts <paramref name="attempt"/> on <paramref name="sameInstance"/>, or on an instance picked avoiding
    /// <paramref name="avoid"/> when it can. Never throws: every failure settles the attempt.
    /// </summary>
    public void StartAttempt(CallAttempt attempt, InstanceState? sameInstance, IReadOnlyList<InstanceState>? avoid)
    {
        var call = attempt.Call;
        attempt.Begin(AttemptDeadline(call));
        try
        {
            if (call.Run?.IsFinished == true)
            {
                throw new OperationCanceledException($"{call}: another attempt answered first");
            }

            string addressText;
            var direct = call.Options.Address;
            if (direct is not null)
            {
                call.Instance = null;
                addressText = direct;
            }
            else
            {
                var instance = sameInstance ?? picker.Pick(call, avoid);
                attempt.AssignTo(instance);
                call.Instance = instance;
                if (keepsFigures)
                {
                    instance.AttemptStarted();
                    foreach (var observer in observers)
                    {
                        observer.OnAttemptStarted(instance);
                    }
                }

                addressText = instance.Address;
            }

            var codec = call.Options.Codec is { } codecName ? codecs.Codecs.Get(codecName) : defaultCodec;
            var compressor = call.Options.Compressor is { } compressorName ? codecs.CompressorNamed(compressorName) : defaultCompressor;
            // Only instances' addresses are cached: their entries go when the instance leaves the view.
            if (direct is null && ready.TryGet(addressText, out var cached))
            {
                cached.Start(attempt, codec, compressor);
                return;
            }

            var address = direct is not null ? RpcAddress.Parse(addressText) : addresses.GetOrAdd(addressText, static text => RpcAddress.Parse(text));
            if (pool.TryGetReady(address, out var connection))
            {
                if (direct is null)
                {
                    ready.Remember(addressText, connection);
                }

                connection.Start(attempt, codec, compressor);
            }
            else
            {
                _ = StartAfterDialAsync(attempt, address, codec, compressor);
            }
        }
        catch (Exception ex)
        {
            attempt.FailNow(ex);
        }
    }

    /// <summary>Drops what the sender keeps for <paramref name="address"/>: its instance left the view.</summary>
    public void Forget(string address)
    {
        addresses.TryRemove(address, out _);
        ready.Forget(address);
    }

    /// <summary>Called by each attempt as it settles, before its call hears of it: the instance's figures and the observers.</summary>
    public void AccountFor(CallAttempt attempt, Exception? failure)
    {
        if (attempt.Call.Observation.Activity is { } activity)
        {
            CallTracing.AttemptEnded(activity, attempt, failure);
        }

        if (!keepsFigures || attempt.Instance is not { } instance)
        {
            return;
        }

        var outcome = new AttemptOutcome(TagValues.StatusOf(failure), Stopwatch.GetElapsedTime(attempt.StartedAt));
        instance.AttemptEnded(outcome);
        foreach (var observer in observers)
        {
            observer.OnAttemptEnded(instance, outcome);
        }
    }

    private long AttemptDeadline(ClientCallContext call)
    {
        var deadline = call.DeadlineTickCount;
        if (attemptTimeout is { } limit)
        {
            var own = Environment.TickCount64 + (long)limit.TotalMilliseconds;
            return own < deadline ? own : deadline;
        }

        return deadline;
    }

    /// <summary>The first attempt on a server waits for its connection, within the attempt's deadline.</summary>
    private async Task StartAfterDialAsync(CallAttempt attempt, RpcAddress address, ICodec codec, ICompressor? compressor)
    {
        var call = attempt.Call;
        try
        {
            var connection = await pool.GetAsync(address, attempt.Instance, call.CancellationToken)
                .AsTask()
                .WaitAsync(TimeSpan.FromMilliseconds(Math.Max(0, attempt.Deadline - Environment.TickCount64)), call.CancellationToken)
                .ConfigureAwait(false);
            attempt.RestartClock();
            connection.Start(attempt, codec, compressor);
        }
        catch (TimeoutException ex)
        {
            attempt.FailNow(new RpcException(RpcStatusCode.DeadlineExceeded, $"{call} timed out after {call.Timeout.TotalMilliseconds:0} ms waiting to connect to {address}", ex));
        }
        catch (Exception ex)
        {
            attempt.FailNow(ex);
        }
    }
}
