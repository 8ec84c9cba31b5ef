using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PlugRpc.Diagnostics;

/// <summary>
/// The process's <see cref="IProcessOverview"/>: its live servers and clients (<see cref="LiveApps"/>) and, from the
/// first read until nobody has read for <see cref="IdleAfter"/>, a listener on the client and server duration
/// histograms of <see cref="RpcDiagnostics.Meter"/> that counts each call into a <see cref="MethodWindow"/>. With no
/// reader there is no listener, so those instruments stay off and the call path pays nothing.
/// </summary>
public sealed class LiveProcessOverview : IProcessOverview, IDisposable
{
    private readonly Lock gate = new();
    private MeterListener? listener;
    private MethodWindow? window;
    private Timer? idleCheck;
    private long lastReadAt;

    public LiveProcessOverview()
        : this(TimeSpan.FromSeconds(30))
    {
    }

    /// <param name="idleAfter">How long after the last read the per-method figures stop being gathered.</param>
    public LiveProcessOverview(TimeSpan idleAfter)
    {
        IdleAfter = idleAfter;
    }

    public TimeSpan IdleAfter { get; }

    /// <summary>Whether the per-method figures are being gathered now (someone read within <see cref="IdleAfter"/>).</summary>
    public bool Gathering
    {
        get
        {
            lock (gate)
            {
                return listener is not null;
            }
        }
    }

    public ProcessOverview Read()
    {
        var now = Stopwatch.GetTimestamp();
        MethodWindow current;
        lock (gate)
        {
            lastReadAt = now;
            current = window ?? Start(now);
        }

        return new ProcessOverview(
            DateTimeOffset.UtcNow,
            current.Covered(now),
            LiveApps.ReadServers(),
            LiveApps.ReadClients(),
            current.Read(now));
    }

    public void Dispose()
    {
        lock (gate)
        {
            Stop();
        }
    }

    private MethodWindow Start(long now)
    {
        var started = new MethodWindow(now);
        var listening = new MeterListener
        {
            InstrumentPublished = static (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, RpcDiagnostics.Meter) && instrument.Name is RpcMetricNames.ClientDuration or RpcMetricNames.ServerDuration)
                {
                    l.EnableMeasurementEvents(instrument, instrument.Name == RpcMetricNames.ClientDuration ? MethodWindow.ClientSide : MethodWindow.ServerSide);
                }
            },
        };
        listening.SetMeasurementEventCallback<double>((_, milliseconds, tags, side) => Count(started, (string)side!, milliseconds, tags));
        listening.Start();
        listener = listening;
        window = started;
        idleCheck = new Timer(_ => StopIfIdle(), null, IdleAfter / 2, IdleAfter / 2);
        return started;
    }

    private static void Count(MethodWindow window, string side, double milliseconds, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? service = null, method = null;
        var error = false;
        foreach (var (key, value) in tags)
        {
            switch (key)
            {
                case RpcTelemetryTags.RpcService:
                    service = value as string;
                    break;
                case RpcTelemetryTags.RpcMethod:
                    method = value as string;
                    break;
                case RpcTelemetryTags.StatusCode:
                    error = value is not (0 or null);
                    break;
            }
        }

        window.Record(side, service ?? RpcTelemetryTags.Other, method ?? RpcTelemetryTags.Other, milliseconds, error, Stopwatch.GetTimestamp());
    }

    private void StopIfIdle()
    {
        lock (gate)
        {
            if (listener is not null && Stopwatch.GetElapsedTime(lastReadAt) > IdleAfter)
            {
                Stop();
            }
        }
    }

    private void Stop()
    {
        idleCheck?.Dispose();
        idleCheck = null;
        listener?.Dispose();
        listener = null;
        window = null;
    }
}
