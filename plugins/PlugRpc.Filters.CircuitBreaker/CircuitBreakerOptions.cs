namespace PlugRpc.Filters.CircuitBreaker;

/// <summary>The breaker plugin's settings in plugins.json; the threshold and window are the client's own options.</summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>How long an open breaker keeps its instance out before letting probes through.</summary>
    public TimeSpan CoolDown { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many probes a half-open breaker lets through at once.</summary>
    public int HalfOpenProbes { get; set; } = 1;

    /// <exception cref="Plugins.PluginSettingsException">A setting is out of range.</exception>
    public void Validate()
    {
        if (CoolDown <= TimeSpan.Zero)
        {
            throw new Plugins.PluginSettingsException($"breaker: settings.coolDown must be positive, not {CoolDown}");
        }

        Plugins.PluginSettingsException.ThrowIfBelow("breaker", "halfOpenProbes", HalfOpenProbes, 1);
    }
}
