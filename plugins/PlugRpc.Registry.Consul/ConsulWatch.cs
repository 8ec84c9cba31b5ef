namespace PlugRpc.Registry.Consul;

/// <summary>
/// What one chain of watching listings of an app key carries from call to call (as the listing's cursor): a token
/// bucket that lets a couple of blocking queries follow each other at once but paces a fast-churning index to one
/// query a second (Consul's docs ask clients to rate limit blocking loops), and whether the last query failed, so
/// the next first asks without blocking (the agent may have restarted with an index below the one held).
/// </summary>
internal sealed class ConsulWatch
{
    private const int Burst = 3;
    private static readonly TimeSpan Refill = TimeSpan.FromSeconds(1);

    private readonly object gate = new();
    private double tokens = Burst;
    private long refilledAt = Environment.TickCount64;
    private volatile bool failed;

    public bool Failed
    {
        get => failed;
        set => failed = value;
    }

    /// <summary>Waits until a blocking query may be sent.</summary>
    public Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        TimeSpan delay;
        lock (gate)
        {
            var now = Environment.TickCount64;
            tokens = Math.Min(Burst, tokens + ((now - refilledAt) / Refill.TotalMilliseconds));
            refilledAt = now;
            if (tokens >= 1)
            {
                tokens -= 1;
                return Task.CompletedTask;
            }

            delay = TimeSpan.FromMilliseconds((1 - tokens) * Refill.TotalMilliseconds);
            tokens -= 1;
        }

        return Task.Delay(delay, cancellationToken);
    }
}
