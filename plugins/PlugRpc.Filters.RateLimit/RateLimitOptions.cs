namespace PlugRpc.Filters.RateLimit;

/// <summary>
/// The ratelimit plugin's settings in plugins.json, go-rpc's shape:
/// <c>{ "permitsPerSecond": 10, "queue": 2, "methods": { "ArithService.Add": { "permitsPerSecond": 100 } }, "perCaller": false }</c>.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Calls per second allowed in all to the methods without a limit of their own (which share it).</summary>
    public double? PermitsPerSecond { get; set; }

    /// <summary>Calls over the limit that wait for a permit, oldest first; one more is refused at once.</summary>
    public int Queue { get; set; }

    /// <summary>Calls that may go at once after a quiet spell (the token bucket's size); null takes a fifth of a second's permits, at least 1.</summary>
    public int? Burst { get; set; }

    /// <summary>Limits of their own for some methods, by "Service.Method"; what they leave out comes from the settings above.</summary>
    public Dictionary<string, MethodRateLimitOptions> Methods { get; set; } = [];

    /// <summary>On a server: each caller (<see cref="CallContext.Caller"/>, else its host) gets the limit to itself.</summary>
    public bool PerCaller { get; set; }
}
