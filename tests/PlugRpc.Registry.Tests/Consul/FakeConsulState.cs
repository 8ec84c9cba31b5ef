namespace PlugRpc.Registry.Tests.Consul;

/// <summary>A service the fake agent holds, as registered, with the raft indexes of its creation and last change.</summary>
internal sealed record FakeConsulService(
    string ID,
    string Name,
    IReadOnlyList<string>? Tags,
    string Address,
    int Port,
    IReadOnlyDictionary<string, string> Meta,
    long CreateIndex,
    long ModifyIndex);

/// <summary>
/// A check the fake agent holds: a TTL check of a service (or the node's serfHealth), its status and output, when its
/// TTL runs out and since when it has been critical (for DeregisterCriticalServiceAfter).
/// </summary>
internal sealed class FakeConsulCheck
{
    public required string CheckID { get; init; }

    public required string Name { get; init; }

    public string ServiceID { get; init; } = string.Empty;

    public string ServiceName { get; init; } = string.Empty;

    public TimeSpan? Ttl { get; init; }

    public TimeSpan? DeregisterAfter { get; init; }

    public string Status { get; set; } = FakeConsulAgent.Critical;

    public string Output { get; set; } = string.Empty;

    public string Notes { get; init; } = string.Empty;

    /// <summary>When the TTL runs out, in the agent's clock (milliseconds); long.MaxValue without a TTL.</summary>
    public long ExpiresAt { get; set; } = long.MaxValue;

    /// <summary>When the check last turned critical, in the agent's clock; null while not critical.</summary>
    public long? CriticalSince { get; set; }

    public long CreateIndex { get; init; }

    public long ModifyIndex { get; set; }
}
