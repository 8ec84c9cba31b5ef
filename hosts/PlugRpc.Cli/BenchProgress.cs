using System.Diagnostics;
using System.Globalization;

namespace PlugRpc.Cli;

/// <summary>
/// The bench's progress while it runs: once a second, the calls so far, the rate over that second and the failures,
/// on stderr, so that stdout keeps only the result (one JSON object with --json).
/// </summary>
internal sealed class BenchProgress : IAsyncDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);
    private readonly BenchRecorder recorder;
    private readonly TextWriter output;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public BenchProgress(BenchRecorder recorder, TextWriter output)
    {
        this.recorder = recorder;
        this.output = output;
        loop = RunAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }

    private async Task RunAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var last = (At: started, Calls: 0L);
        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                var now = (At: Stopwatch.GetTimestamp(), Calls: recorder.Calls);
                var rate = (now.Calls - last.Calls) / Stopwatch.GetElapsedTime(last.At, now.At).TotalSeconds;
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"bench: {Stopwatch.GetElapsedTime(started, now.At).TotalSeconds:0} s, {now.Calls} calls, {rate:0.0} calls/s, {recorder.Failures} failed"));
                last = now;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
