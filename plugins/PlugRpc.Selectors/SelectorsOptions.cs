namespace PlugRpc.Selectors;

/// <summary>The selectors plugin's settings in plugins.json.</summary>
public sealed class SelectorsOptions
{
    /// <summary>
    /// Slow start: how long a young instance takes to ramp from a tenth of a full share to all of it; zero is off.
    /// </summary>
    public TimeSpan Warmup { get; set; }
}
