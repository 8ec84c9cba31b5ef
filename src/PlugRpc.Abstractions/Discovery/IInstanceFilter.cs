namespace PlugRpc.Discovery;

/// <summary>
/// Leaves instances out of selection for one call (tags that differ, degraded, breaker open …). When a filter
/// leaves every instance out, the call fails with Unavailable and the reason of the filter that did so.
/// </summary>
public interface IInstanceFilter
{
    bool Allows(InstanceState instance, ClientCallContext context);

    /// <summary>Why this filter leaves an instance out, for the error when none is left, e.g. "circuit breaker open".</summary>
    string Reason { get; }
}
