namespace PlugRpc.Discovery;

/// <summary>Where an instance's circuit breaker stands.</summary>
public enum BreakerState
{
    /// <summary>Calls flow.</summary>
    Closed,

    /// <summary>Too many failures: the instance is left out of selection until the cool-down ends.</summary>
    Open,

    /// <summary>After the cool-down: a few probes may go; a success closes it, a failure opens it again.</summary>
    HalfOpen,
}
