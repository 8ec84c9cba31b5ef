using System.Diagnostics;
using PlugRpc.Diagnostics;

namespace PlugRpc.Core.Tests.Diagnostics;

/// <summary>The dashboard's per-method window: counts, errors, rates and percentiles of known durations, and old seconds sliding out.</summary>
public sealed class MethodWindowTests
{
    private const long Start = 1_000_000;

    [Fact]
    public void Percentiles_of_known_durations_are_within_five_percent_and_errors_are_counted()
    {
        var window = new MethodWindow(Start);
        for (var i = 1; i <= 1000; i++)
        {
            window.Record(MethodWindow.ClientSide, "Arith", "Add", i / 10.0, error: i % 100 == 0, At(seconds: 5));
        }

        var method = Assert.Single(window.Read(At(seconds: 5.5)));
        Assert.Equal(("client", "Arith", "Add"), (method.Side, method.Service, method.Method));
        Assert.Equal(1000, method.Calls);
        Assert.Equal(10, method.Errors);
        Assert.InRange(method.P50!.Value.TotalMilliseconds, 50 * 0.95, 50 * 1.05);
        Assert.InRange(method.P99!.Value.TotalMilliseconds, 99 * 0.95, 99 * 1.05);
        Assert.InRange(method.CallsPerSecond, 1000 / 5.5 * 0.999, 1000 / 5.5 * 1.001);
    }

    [Fact]
    public void Seconds_older_than_the_window_slide_out_and_each_side_and_method_is_its_own_row()
    {
        var window = new MethodWindow(Start);
        window.Record(MethodWindow.ServerSide, "Arith", "Add", 1, error: false, At(seconds: 0.5));
        window.Record(MethodWindow.ServerSide, "Arith", "Add", 1, error: false, At(seconds: 12.5));
        window.Record(MethodWindow.ClientSide, "Arith", "Add", 1, error: false, At(seconds: 12.5));
        window.Record(MethodWindow.ServerSide, "Arith", "Mul", 1, error: true, At(seconds: 13));

        var read = window.Read(At(seconds: 13.5));

        Assert.Equal(["client Arith.Add 1", "server Arith.Add 1", "server Arith.Mul 1"], read.Select(m => $"{m.Side} {m.Service}.{m.Method} {m.Calls}"));
        Assert.Equal(1, read[2].Errors);
        Assert.InRange(window.Covered(At(seconds: 13.5)).TotalSeconds, 9.49, 9.51);
        Assert.InRange(read[1].CallsPerSecond, 1 / 9.5 * 0.999, 1 / 9.5 * 1.001);
        Assert.Empty(window.Read(At(seconds: 40)));
    }

    [Theory]
    [InlineData(0.0005)]
    [InlineData(0.01)]
    [InlineData(3)]
    [InlineData(250)]
    [InlineData(60_000)]
    public void A_bucket_middle_is_within_five_percent_of_the_duration(double milliseconds)
    {
        var middle = DurationBuckets.MiddleOf(DurationBuckets.Of(milliseconds)).TotalMilliseconds;

        Assert.InRange(middle, milliseconds < 0.001 ? 0 : milliseconds * 0.95, Math.Max(milliseconds * 1.05, 0.0011));
    }

    private static long At(double seconds) => Start + (long)(seconds * Stopwatch.Frequency);
}
