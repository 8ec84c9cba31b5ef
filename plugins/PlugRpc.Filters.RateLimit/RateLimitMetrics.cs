using System.Diagnostics;
using System.Diagnostics.Metrics;
using PlugRpc.Diagnostics;

namespace PlugRpc.Filters.RateLimit;

/// <summary>Counts the calls a rate limit refuses, by side, method and reason, when someone listens.</summary>
internal static class RateLimitMetrics
{
    public const string QueueFull = "queue_full";
    public const string Deadline = "deadline";

    private static readonly Counter<long> Rejections = RpcDiagnostics.Meter.CreateCounter<long>(
        RpcMetricNames.RateLimitRejections, "{call}", "Calls a rate limit refused");

    /// <summary>Counts the refusal and hands back <paramref name="refusal"/>, to be thrown.</summary>
    public static RpcException Rejected(RpcException refusal, string side, RpcCall call, string reason)
    {
        if (Rejections.Enabled)
        {
            Rejections.Add(1, new TagList
            {
                { RpcTelemetryTags.Side, side },
                { RpcTelemetryTags.RpcService, call.ServiceName },
                { RpcTelemetryTags.RpcMethod, call.MethodName },
                { RpcTelemetryTags.RateLimitReason, reason },
            });
        }

        return refusal;
    }
}
