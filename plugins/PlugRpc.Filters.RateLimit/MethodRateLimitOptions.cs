namespace PlugRpc.Filters.RateLimit;

/// <summary>One method's own limit in the ratelimit settings; a setting left out is taken from the plugin's.</summary>
public sealed class MethodRateLimitOptions
{
    public double? PermitsPerSecond { get; set; }

    public int? Queue { get; set; }

    public int? Burst { get; set; }
}
