using System.Text.Json;
using PlugRpc.Diagnostics;
using PlugRpc.Discovery;
using PlugRpc.Services;

namespace PlugRpc.Gateway.Http.Dashboard;

/// <summary>
/// The dashboard's data as JSON (camelCase; durations as milliseconds; states as the words the page shows), for the
/// page's event stream and for /dashboard/data.
/// </summary>
internal static class DashboardJson
{
    public static byte[] Of(ProcessOverview overview)
    {
        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            Write(writer, overview);
        }

        return body.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, ProcessOverview overview)
    {
        writer.WriteStartObject();
        writer.WriteString("takenAt", overview.TakenAt);
        writer.WriteNumber("windowSeconds", Math.Round(overview.Window.TotalSeconds, 3));
        writer.WriteStartArray("servers");
        foreach (var server in overview.Servers)
        {
            writer.WriteStartObject();
            writer.WriteString("appKey", server.AppKey);
            WriteStrings(writer, "addresses", server.Addresses);
            WriteStrings(writer, "services", server.Services);
            writer.WriteBoolean("draining", server.Draining);
            writer.WriteString("serving", WordOf(server.Serving));
            writer.WriteString("registration", server.Registration is { } state ? WordOf(state) : null);
            writer.WriteString("registrationProblem", server.RegistrationProblem);
            writer.WriteNumber("connections", server.Connections);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("clients");
        foreach (var client in overview.Clients)
        {
            WriteClient(writer, client);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("methods");
        foreach (var method in overview.Methods)
        {
            writer.WriteStartObject();
            writer.WriteString("side", method.Side);
            writer.WriteString("service", method.Service);
            writer.WriteString("method", method.Method);
            writer.WriteNumber("calls", method.Calls);
            writer.WriteNumber("errors", method.Errors);
            writer.WriteNumber("callsPerSecond", Math.Round(method.CallsPerSecond, 3));
            WriteMilliseconds(writer, "p50Ms", method.P50);
            WriteMilliseconds(writer, "p99Ms", method.P99);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteClient(Utf8JsonWriter writer, ClientOverview client)
    {
        writer.WriteStartObject();
        writer.WriteString("origin", client.Origin);
        writer.WriteString("appKey", client.AppKey);
        WriteStrings(writer, "addresses", client.Addresses);
        writer.WriteBoolean("reachable", client.Reachable);
        writer.WriteString("problem", client.Problem);
        if (client.ConfirmedAt is { } confirmed)
        {
            writer.WriteString("confirmedAt", confirmed);
        }
        else
        {
            writer.WriteNull("confirmedAt");
        }

        writer.WriteStartArray("instances");
        foreach (var instance in client.Instances)
        {
            writer.WriteStartObject();
            writer.WriteString("address", instance.Address);
            writer.WriteString("status", instance.Status);
            writer.WriteBoolean("inView", instance.InView);
            writer.WriteBoolean("connected", instance.Connected);
            writer.WriteNumber("heartbeatFailures", instance.HeartbeatFailures);
            writer.WriteBoolean("degraded", instance.Degraded);
            writer.WriteString("breaker", WordOf(instance.Breaker));
            writer.WriteNumber("outstanding", instance.Outstanding);
            WriteMilliseconds(writer, "ewmaLatencyMs", instance.EwmaLatency == TimeSpan.Zero ? null : instance.EwmaLatency);
            WriteMilliseconds(writer, "latencyP95Ms", instance.LatencyP95);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteMilliseconds(Utf8JsonWriter writer, string name, TimeSpan? value)
    {
        if (value is { } duration)
        {
            writer.WriteNumber(name, Math.Round(duration.TotalMilliseconds, 4));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static string WordOf(ServingStatus status) => status switch
    {
        ServingStatus.Serving => "serving",
        ServingStatus.NotServing => "not serving",
        _ => "unknown",
    };

    private static string WordOf(RegistrationState state) => state switch
    {
        RegistrationState.Registered => "registered",
        RegistrationState.Registering => "registering",
        _ => "deregistered",
    };

    private static string WordOf(BreakerState state) => state switch
    {
        BreakerState.Open => "open",
        BreakerState.HalfOpen => "half-open",
        _ => "closed",
    };
}
