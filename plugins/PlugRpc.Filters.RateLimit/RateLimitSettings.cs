using PlugRpc.Plugins;

namespace PlugRpc.Filters.RateLimit;

/// <summary>The ratelimit settings, checked: the default limit, each method's own, and whether a server limits per caller.</summary>
internal sealed class RateLimitSettings
{
    private const string Plugin = "ratelimit";

    private RateLimitSettings(LimitSpec defaults, IReadOnlyDictionary<string, LimitSpec> methods, bool perCaller)
    {
        Defaults = defaults;
        Methods = methods;
        PerCaller = perCaller;
    }

    public LimitSpec Defaults { get; }

    /// <summary>Limits of their own, by "Service.Method".</summary>
    public IReadOnlyDictionary<string, LimitSpec> Methods { get; }

    public bool PerCaller { get; }

    /// <exception cref="PluginSettingsException">A setting is missing or out of range, naming it.</exception>
    public static RateLimitSettings From(RateLimitOptions options)
    {
        var permits = Permits(options.PermitsPerSecond, "permitsPerSecond");
        PluginSettingsException.ThrowIfBelow(Plugin, "queue", options.Queue, 0);
        var defaults = new LimitSpec(permits, options.Queue, Burst(options.Burst, permits, "burst"));
        var methods = new Dictionary<string, LimitSpec>(StringComparer.Ordinal);
        foreach (var (name, method) in options.Methods)
        {
            var dot = name.LastIndexOf('.');
            if (dot <= 0 || dot == name.Length - 1)
            {
                throw new PluginSettingsException($"{Plugin}: settings.methods key '{name}' is not Service.Method");
            }

            if (method is null)
            {
                throw new PluginSettingsException($"{Plugin}: settings.methods.{name} is null; give it an object such as {{\"permitsPerSecond\": 100}}");
            }

            var prefix = $"methods.{name}.";
            var methodPermits = Permits(method.PermitsPerSecond ?? permits, prefix + "permitsPerSecond");
            var queue = method.Queue ?? options.Queue;
            PluginSettingsException.ThrowIfBelow(Plugin, prefix + "queue", queue, 0);
            methods[name] = new LimitSpec(methodPermits, queue, Burst(method.Burst ?? (method.PermitsPerSecond is null ? options.Burst : null), methodPermits, prefix + "burst"));
        }

        return new RateLimitSettings(defaults, methods, options.PerCaller);
    }

    private static double Permits(double? value, string setting) => value switch
    {
        null => throw new PluginSettingsException($"{Plugin}: settings.{setting} is missing; say how many calls a second to allow, e.g. 100"),
        > 0 and <= 1e9 => value.Value,
        _ => throw new PluginSettingsException($"{Plugin}: settings.{setting} must be more than 0 and at most 1e9, not {value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"),
    };

    private static int Burst(int? value, double permits, string setting)
    {
        if (value is { } burst)
        {
            PluginSettingsException.ThrowIfBelow(Plugin, setting, burst, 1);
            return burst;
        }

        return LimitSpec.DefaultBurst(permits);
    }
}
