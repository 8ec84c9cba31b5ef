using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using PlugRpc.Diagnostics;

namespace PlugRpc.IntegrationTests.Observability;

/// <summary>Listens to every instrument of PlugRpc's Meter and keeps each measurement with its tags.</summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<Recorded> measurements = new();

    public MetricRecorder()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RpcDiagnostics.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Keep(i, value, tags));
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Keep(i, value, tags));
        listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Keep(i, value, tags));
        listener.Start();
    }

    /// <summary>Reads the observable instruments (gauges) now.</summary>
    public void Observe() => listener.RecordObservableInstruments();

    /// <summary>Every measurement of <paramref name="instrument"/> whose tags include all of <paramref name="tags"/>.</summary>
    public IReadOnlyList<Recorded> Of(string instrument, params (string Key, object Value)[] tags) =>
        [.. measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && Equals(v, t.Value)))];

    /// <summary>The measurements of a call instrument for one method, optionally of one status.</summary>
    public IReadOnlyList<Recorded> OfMethod(string instrument, string service, string method, RpcStatusCode? status = null) =>
        status is { } code
            ? Of(instrument, (RpcTelemetryTags.RpcService, service), (RpcTelemetryTags.RpcMethod, method), (RpcTelemetryTags.StatusCode, (int)code))
            : Of(instrument, (RpcTelemetryTags.RpcService, service), (RpcTelemetryTags.RpcMethod, method));

    public void Dispose() => listener.Dispose();

    private void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, tag) in tags)
        {
            copy[key] = tag;
        }

        measurements.Enqueue(new Recorded(instrument.Name, value, copy));
    }

    public sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);
}
