using Microsoft.Extensions.Logging;
using PlugRpc.Discovery;
using PlugRpc.Options;

namespace PlugRpc.Client;

/// <summary>
/// A client's fail mode as rules for a call's attempts: whether a failure is retried and where, how long to pause
/// before trying the same instance again, when to send a backup request, and what a swallowed failure answers.
/// Shared by all the client's calls; the state of one call's attempts is its <see cref="AttemptRun"/>.
/// </summary>
internal sealed class AttemptPolicy
{
    private readonly HashSet<(string Service, string Method)> idempotentMethods;
    private readonly TimeSpan backoff;
    private readonly TimeSpan backoffMax;
    private readonly TimeSpan? backupDelay;
    private readonly ILogger logger;

    private AttemptPolicy(ClientOptions options, ILogger logger)
    {
        Mode = options.FailMode;
        Retries = Mode is FailMode.FailFast or FailMode.FailSafe ? 0 : options.Retries;
        backoff = options.RetryBackoff;
        backoffMax = options.RetryBackoffMax;
        backupDelay = options.BackupDelay;
        Budget = new RetryBudget(options.RetryBudgetRatio, options.RetryBudgetMinimum, options.RetryBudgetWindow);
        idempotentMethods = [.. options.IdempotentMethods.Select(Split)];
        this.logger = logger;
    }

    public FailMode Mode { get; }

    /// <summary>Most extra attempts of one call.</summary>
    public int Retries { get; }

    public RetryBudget Budget { get; }

    /// <summary>The policy for <paramref name="options"/>, or null when every call is a single attempt whose failure is the call's.</summary>
    public static AttemptPolicy? For(ClientOptions options, ILogger logger) =>
        options.FailMode == FailMode.FailFast || (options.Retries == 0 && options.FailMode != FailMode.FailSafe)
            ? null
            : new AttemptPolicy(options, logger);

    /// <summary>Whether a failed attempt is worth another, by its failure alone (the run checks retries, time and budget).</summary>
    public bool IsRetryable(CallAttempt attempt, Exception failure)
    {
        if (Retries == 0)
        {
            return false;
        }

        if (attempt.Instance is null)
        {
            // No instance could be picked: there is nothing to retry on.
            return false;
        }

        if (attempt.LostConnection)
        {
            return !attempt.Sent || IsIdempotent(attempt.Call);
        }

        return failure switch
        {
            RpcException { StatusCode: RpcStatusCode.Unavailable } => true,
            RpcException { StatusCode: RpcStatusCode.DeadlineExceeded } => IsIdempotent(attempt.Call) && attempt.Call.TimeLeft > TimeSpan.Zero,
            _ => false,
        };
    }

    /// <summary>Whether a retry goes back to the instance that failed (failretry) rather than to one not tried yet.</summary>
    public bool RetriesSameInstance => Mode == FailMode.FailRetry;

    /// <summary>
    /// The pause before the <paramref name="retry"/>th retry on the same instance: exponential from retryBackoff up
    /// to retryBackoffMax, with full jitter over its upper half, and never past the call's deadline.
    /// </summary>
    public TimeSpan BackoffBefore(int retry, ClientCallContext call)
    {
        var ceiling = Math.Min(backoffMax.TotalMilliseconds, backoff.TotalMilliseconds * Math.Pow(2, Math.Max(0, retry - 1)));
        var pause = TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
        var left = call.TimeLeft;
        return pause < left ? pause : left;
    }

    /// <summary>
    /// When to send a backup for <paramref name="call"/>'s attempt on <paramref name="instance"/>; null for none. Only an
    /// idempotent call gets one: the first attempt may be running on its server, and a backup would run it twice.
    /// </summary>
    public TimeSpan? BackupDelayFor(ClientCallContext call, InstanceState? instance) =>
        Mode != FailMode.FailBackup || Retries == 0 || !IsIdempotent(call) ? null : backupDelay ?? instance?.LatencyP95;

    /// <summary>Whether the call's failure is swallowed for a default response (failsafe), logged once.</summary>
    public bool Swallows(ClientCallContext call, Exception failure)
    {
        if (Mode != FailMode.FailSafe || failure is OperationCanceledException)
        {
            return false;
        }

        var status = failure is RpcException rpc ? rpc.StatusCode : RpcStatusCode.Unknown;
        logger.LogWarning("failsafe: {Call} failed ({Status}: {Message}); the caller gets a default response", call, status, failure.Message);
        return true;
    }

    private bool IsIdempotent(ClientCallContext call) =>
        call.Options.Idempotent ?? (idempotentMethods.Count > 0 && idempotentMethods.Contains((call.ServiceName, call.MethodName)));

    private static (string, string) Split(string serviceMethod)
    {
        var dot = serviceMethod.LastIndexOf('.');
        return (serviceMethod[..dot], serviceMethod[(dot + 1)..]);
    }
}
