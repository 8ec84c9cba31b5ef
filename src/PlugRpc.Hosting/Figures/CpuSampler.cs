using System.Diagnostics;
using PlugRpc.Diagnostics;

namespace PlugRpc.Hosting.Figures;

/// <summary>
/// CPU use between two readings: the machine's from /proc/stat, the process's from its processor time. Each
/// reading covers the time since the one before; with none recent enough (a quarter of a second) it takes one and
/// waits that long first.
/// </summary>
internal sealed class CpuSampler
{
    private static readonly TimeSpan ShortestWindow = TimeSpan.FromMilliseconds(250);
    private readonly Lock gate = new();
    private Sample? last;

    public async Task<CpuFigures> ReadAsync(CancellationToken cancellationToken)
    {
        var before = Take(out var now);
        if (before is null || now.At - before.Value.At < Stopwatch.Frequency * ShortestWindow.TotalSeconds)
        {
            before = now;
            await Task.Delay(ShortestWindow, cancellationToken).ConfigureAwait(false);
            Take(out now);
        }

        return Between(before.Value, now);
    }

    /// <summary>Takes a sample as the latest; returns the one before it.</summary>
    private Sample? Take(out Sample now)
    {
        using var process = Process.GetCurrentProcess();
        now = new Sample(Stopwatch.GetTimestamp(), ProcFiles.ReadCpuTimes(), process.TotalProcessorTime);
        lock (gate)
        {
            var before = last;
            last = now;
            return before;
        }
    }

    private static CpuFigures Between(Sample before, Sample now)
    {
        var cores = Environment.ProcessorCount;
        var window = Stopwatch.GetElapsedTime(before.At, now.At);
        var process = Math.Clamp(100 * (now.ProcessTime - before.ProcessTime).TotalSeconds / (window.TotalSeconds * cores), 0, 100);
        double? machine = null;
        if (before.Machine is { } a && now.Machine is { } b && b.Total > a.Total)
        {
            machine = Math.Clamp(100.0 * (b.Busy - a.Busy) / (b.Total - a.Total), 0, 100);
        }

        var load = ProcFiles.ReadLoadAverage();
        return new CpuFigures(
            cores,
            machine is { } m ? Math.Round(m, 1) : null,
            Math.Round(process, 1),
            load?.Load1,
            load?.Load5,
            load?.Load15,
            Math.Round(window.TotalSeconds, 3),
            FigureLevels.OfPercent(machine ?? process));
    }

    private readonly record struct Sample(long At, ProcFiles.CpuTimes? Machine, TimeSpan ProcessTime);
}
