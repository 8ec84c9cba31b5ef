namespace PlugRpc.Server;

/// <summary>
/// The cancellation sources of one connection's calls that have a deadline and whose token somebody asked for (a
/// filter, or a method taking a token). Each source is linked once to the connection's closing, timed per call with
/// CancelAfter and, when neither fired, reset and kept for a later call: a call's token then costs no allocation
/// (the source moves the timer it made on first use instead of making one per call).
/// </summary>
internal sealed class DeadlineTokens
{
    private const int MaxKept = 64;
    private readonly CancellationToken closing;
    private readonly Lock gate = new();
    private readonly CancellationTokenSource?[] kept = new CancellationTokenSource?[MaxKept];
    private int count;

    public DeadlineTokens(CancellationToken closing)
    {
        this.closing = closing;
    }

    /// <summary>A source cancelled in <paramref name="timeLeftMs"/> or when the connection closes, whichever comes first.</summary>
    public CancellationTokenSource Take(long timeLeftMs)
    {
        CancellationTokenSource? source = null;
        lock (gate)
        {
            if (count > 0)
            {
                source = kept[--count];
                kept[count] = null;
            }
        }

        source ??= CancellationTokenSource.CreateLinkedTokenSource(closing);
        source.CancelAfter((int)Math.Clamp(timeLeftMs, 1, int.MaxValue));
        return source;
    }

    /// <summary>
    /// Gives back a source whose call is done: kept if <paramref name="reusable"/> and it can be reset (it did not
    /// fire), disposed otherwise. Not reusable when the context may outlive the call (a method that takes it may
    /// keep it): a later call's deadline must not show on a kept context's token.
    /// </summary>
    public void Return(CancellationTokenSource source, bool reusable)
    {
        if (reusable && source.TryReset())
        {
            lock (gate)
            {
                if (count < MaxKept)
                {
                    kept[count++] = source;
                    return;
                }
            }
        }

        source.Dispose();
    }
}
