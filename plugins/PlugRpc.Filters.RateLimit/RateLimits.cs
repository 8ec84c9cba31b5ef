namespace PlugRpc.Filters.RateLimit;

/// <summary>The limits of one client or server: the default one and each configured method's own, found without allocating.</summary>
internal sealed class RateLimits : IDisposable
{
    /// <summary>The partition of every call when calls are not limited per caller.</summary>
    public const string Everyone = "";

    private readonly CallLimit defaults;
    private readonly Dictionary<string, Dictionary<string, CallLimit>> methods = new(StringComparer.Ordinal);

    /// <param name="perCaller">Whether each caller gets each limit to itself (a server's perCaller).</param>
    public RateLimits(RateLimitSettings settings, bool perCaller)
    {
        defaults = new CallLimit(settings.Defaults, perCaller);
        foreach (var (name, spec) in settings.Methods)
        {
            var dot = name.LastIndexOf('.');
            var service = name[..dot];
            if (!methods.TryGetValue(service, out var ofService))
            {
                methods[service] = ofService = new Dictionary<string, CallLimit>(StringComparer.Ordinal);
            }

            ofService[name[(dot + 1)..]] = new CallLimit(spec, perCaller);
        }
    }

    public CallLimit For(string service, string method) =>
        methods.Count > 0 && methods.TryGetValue(service, out var ofService) && ofService.TryGetValue(method, out var own)
            ? own
            : defaults;

    public void Dispose()
    {
        defaults.Dispose();
        foreach (var limit in methods.Values.SelectMany(m => m.Values))
        {
            limit.Dispose();
        }
    }
}
