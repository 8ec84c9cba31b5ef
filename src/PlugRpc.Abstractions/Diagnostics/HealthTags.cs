namespace PlugRpc.Diagnostics;

/// <summary>
/// The tags of the host's health checks (Microsoft.Extensions.Diagnostics.HealthChecks), so an HTTP endpoint can
/// pick them: <see cref="Live"/> for a liveness probe (/health), <see cref="Ready"/> for readiness (/health/ready).
/// </summary>
public static class HealthTags
{
    /// <summary>The process is up and its server runs (a draining server is still live: killing it would cut its calls).</summary>
    public const string Live = "live";

    /// <summary>The process should get traffic: serving, not draining, registered, its registry reachable.</summary>
    public const string Ready = "ready";

    /// <summary>Every check of PlugRpc's own carries this tag.</summary>
    public const string PlugRpc = "plugrpc";
}
