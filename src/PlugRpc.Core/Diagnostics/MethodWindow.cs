using System.Collections.Concurrent;
using System.Diagnostics;

namespace PlugRpc.Diagnostics;

/// <summary>
/// Per-method call figures over a sliding window of the last <see cref="Slots"/> seconds, client side and server side
/// apart: what the duration histograms recorded, counted by method, status and duration.
/// </summary>
internal sealed class MethodWindow
{
    public const int Slots = 10;
    public const string ClientSide = "client";
    public const string ServerSide = "server";

    private readonly ConcurrentDictionary<(string Side, string Service, string Method), MethodSeries> series = new();
    private readonly long startedAt;

    public MethodWindow(long startedAt)
    {
        this.startedAt = startedAt;
    }

    /// <summary>How far back the figures reach at <paramref name="now"/> (a timestamp): the window, or less while young.</summary>
    public TimeSpan Covered(long now)
    {
        var elapsed = Stopwatch.GetElapsedTime(startedAt, now);
        var second = (long)elapsed.TotalSeconds;
        var span = second < Slots ? elapsed : elapsed - TimeSpan.FromSeconds(second - Slots + 1);
        return span;
    }

    /// <summary>A call of <paramref name="service"/>.<paramref name="method"/> on <paramref name="side"/> ended at <paramref name="now"/>.</summary>
    public void Record(string side, string service, string method, double milliseconds, bool error, long now) =>
        series.GetOrAdd((side, service, method), static _ => new MethodSeries()).Record(SecondOf(now), milliseconds, error);

    /// <summary>Every method with calls in the window ending at <paramref name="now"/>, by side, service and method.</summary>
    public List<MethodOverview> Read(long now)
    {
        var second = SecondOf(now);
        var seconds = Math.Max(1, Covered(now).TotalSeconds);
        var read = new List<MethodOverview>();
        foreach (var ((side, service, method), figures) in series)
        {
            var (calls, errors, p50, p99) = figures.Read(second);
            if (calls > 0)
            {
                read.Add(new MethodOverview(side, service, method, calls, errors, calls / seconds, p50, p99));
            }
        }

        read.Sort(static (a, b) =>
        {
            var bySide = string.CompareOrdinal(a.Side, b.Side);
            var byService = bySide != 0 ? bySide : string.CompareOrdinal(a.Service, b.Service);
            return byService != 0 ? byService : string.CompareOrdinal(a.Method, b.Method);
        });
        return read;
    }

    private long SecondOf(long now) => (long)Stopwatch.GetElapsedTime(startedAt, now).TotalSeconds;
}
