using PlugRpc.IntegrationTests.Infrastructure;

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
