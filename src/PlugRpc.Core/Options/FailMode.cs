namespace PlugRpc.Options;

/// <summary>What a client does when an attempt fails (go-rpc's FailMode, plus backup requests).</summary>
public enum FailMode
{
    /// <summary>The first failure is the call's.</summary>
    FailFast,

    /// <summary>A retryable failure is retried on an instance not tried yet.</summary>
    FailOver,

    /// <summary>A retryable failure is retried on the same instance, after a backoff.</summary>
    FailRetry,

    /// <summary>Any failure is logged and the caller gets a default response.</summary>
    FailSafe,

    /// <summary>
    /// With no answer after the backup delay, a second attempt of an idempotent call goes to another instance; the
    /// first answer wins. A call that is not idempotent gets no backup (it fails over as under <see cref="FailOver"/>).
    /// </summary>
    FailBackup,
}
