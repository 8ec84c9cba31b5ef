using System.Text.Json.Serialization;

namespace PlugRpc.Diagnostics;

/// <summary>
/// How a figure stands, as go-rpc's /view pages grade it: OK, WARNING from 90% used, CRITICAL from 95% (its pages
/// answered 200, 429 and 500); for health, Healthy, Degraded and Unhealthy.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<FigureLevel>))]
public enum FigureLevel
{
    Ok,
    Warning,
    Critical,
}
