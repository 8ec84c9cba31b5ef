using PlugRpc.Filters;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Plugins;

namespace PlugRpc.IntegrationTests;

/// <summary>
/// Large bodies leave from their own buffers, after the frames queued before them: mixed with small frames on one
/// connection, every answer must still be its own request's, whole and in one piece.
/// </summary>
public sealed class LargeBodyTests
{
    public static TheoryData<string> Listeners => new()
    {
        "tcp://127.0.0.1:0",
        $"unix://{Path.Combine(Path.GetTempPath(), $"plugrpc-large-{Guid.NewGuid():N}.sock")}",
    };

    [Theory]
    [MemberData(nameof(Listeners))]
    public async Task Large_and_small_bodies_in_flight_together_come_back_whole(string listenOn)
    {
        await using var bed = await TestBed.StartAsync(listenOn: listenOn);
        var sizes = Enumerable.Range(0, 60).Select(i => (i % 4) switch { 0 => 40_000, 1 => 300_000, 2 => 10, _ => 32 * 1024 }).ToList();

        var answers = await Task.WhenAll(sizes.Select((size, i) => bed.Client.CallAsync<Blob, Blob>("Echo.Echo", BlobOf(size, i))));

        for (var i = 0; i < sizes.Count; i++)
        {
            var expected = BlobOf(sizes[i], i);
            Assert.Equal(expected.Text, answers[i].Text);
            Assert.Equal(expected.Numbers, answers[i].Numbers);
        }

        Assert.Equal(0, bed.Client.PendingCalls(bed.Address));
    }

    [Fact]
    public async Task Without_server_filters_requests_read_where_they_lie_still_come_back_whole()
    {
        await using var bed = await TestBed.StartAsync(configureServer: s => s.Filters = [], configureClient: c => c.Filters = []);
        var sizes = Enumerable.Range(0, 80).Select(i => (i % 3) switch { 0 => 70_000, 1 => 20, _ => 5_000 }).ToList();

        var answers = await Task.WhenAll(sizes.Select((size, i) =>
            bed.Client.CallAsync<Blob, Blob>(i % 2 == 0 ? "Echo.EchoLater" : "Echo.Echo", BlobOf(size, i))));

        for (var i = 0; i < sizes.Count; i++)
        {
            var expected = BlobOf(sizes[i], i);
            Assert.Equal(expected.Text, answers[i].Text);
            Assert.Equal(expected.Numbers, answers[i].Numbers);
        }
    }

    [Fact]
    public async Task A_server_filter_that_passes_the_call_on_later_still_gets_the_whole_request()
    {
        await using var bed = await TestBed.StartAsync(
            configureServer: s => s.Filters = ["later"],
            configureClient: c => c.Filters = [],
            extra: b => b.RegisterServerFilter("later", _ => new PassOnLater()));
        var sizes = Enumerable.Range(0, 60).Select(i => (i % 3) switch { 0 => 70_000, 1 => 20, _ => 5_000 }).ToList();

        var answers = await Task.WhenAll(sizes.Select((size, i) => bed.Client.CallAsync<Blob, Blob>("Echo.Echo", BlobOf(size, i))));

        Assert.Equal(sizes.Select((size, i) => BlobOf(size, i).Text), answers.Select(a => a.Text));
    }

    private sealed class PassOnLater : IServerFilter
    {
        public async ValueTask InvokeAsync(CallContext context, ServerCallHandler next)
        {
            await Task.Yield();
            await next(context);
        }
    }

    private static Blob BlobOf(int size, int seed) => new()
    {
        Text = string.Create(size, seed, static (span, s) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + ((i + s) % 26));
            }
        }),
        Numbers = [seed, size],
    };
}
