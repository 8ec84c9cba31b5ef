using System.Globalization;
using System.Text.Json;

namespace PlugRpc.Cli;

/// <summary>Prints a bench result: lines for a person, or one JSON object for a script.</summary>
internal static class BenchReport
{
    public static string Json(BenchResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("calls", result.Calls);
            json.WriteNumber("ok", result.Ok);
            WriteCounts(json, "failed", result.Failed);
            json.WriteNumber("callsPerSec", Math.Round(result.CallsPerSec, 1));
            json.WriteNumber("p50Us", result.P50Us);
            json.WriteNumber("p99Us", result.P99Us);
            WriteCounts(json, "perInstance", result.PerInstance);
            json.WriteNumber("wrong", result.Wrong);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string Text(BenchResult result)
    {
        var text = new System.Text.StringBuilder();
        void Line(string name, string value) => text.AppendLine(CultureInfo.InvariantCulture, $"{name,-14}{value}");
        Line("calls", result.Calls.ToString(CultureInfo.InvariantCulture));
        Line("ok", result.Ok.ToString(CultureInfo.InvariantCulture));
        Line("failed", result.Failed.Count == 0 ? "0" : string.Join(", ", result.Failed.Select(pair => $"{pair.Key} {pair.Value}")));
        Line("wrong replies", result.Wrong.ToString(CultureInfo.InvariantCulture));
        Line("calls/s", result.CallsPerSec.ToString("0.0", CultureInfo.InvariantCulture));
        Line("p50", $"{result.P50Us} us");
        Line("p99", $"{result.P99Us} us");
        text.AppendLine(result.PerInstance.Count == 0 ? "per instance  none answered" : "per instance");
        foreach (var (address, calls) in result.PerInstance)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {address}  {calls}");
        }

        return text.ToString().TrimEnd();
    }

    private static void WriteCounts(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, long> counts)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in counts)
        {
            json.WriteNumber(key, value);
        }

        json.WriteEndObject();
    }
}
