using System.Text.Json;
using PlugRpc.Discovery;

namespace PlugRpc.Cli;

/// <summary>One instance as list and watch print it: its address, its metadata as JSON, its state as this client sees it.</summary>
internal static class InstanceLine
{
    public static string Of(InstanceState instance) =>
        $"{instance.Address} {JsonSerializer.Serialize(instance.Instance.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal).ToDictionary())} {StateOf(instance)}";

    public static string StateOf(InstanceState instance) =>
        instance.Breaker == BreakerState.Open ? "breaker-open" : instance.Degraded ? "degraded" : "healthy";
}
