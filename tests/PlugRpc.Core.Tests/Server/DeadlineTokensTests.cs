using System.Buffers;
using PlugRpc.Core.Tests.Dispatch;
using PlugRpc.Dispatch;
using PlugRpc.Server;

namespace PlugRpc.Core.Tests.Server;

/// <summary>
/// A connection's deadline token sources are linked to its closing and reused when they did not fire; a call makes
/// one only when its token is asked for, and gives it back when done.
/// </summary>
public sealed class DeadlineTokensTests
{
    [Fact]
    public async Task A_source_that_did_not_fire_is_reused_and_fires_at_its_new_time()
    {
        using var closing = new CancellationTokenSource();
        var tokens = new DeadlineTokens(closing.Token);

        var first = tokens.Take(60_000);
        tokens.Return(first, reusable: true);
        var second = tokens.Take(50);

        Assert.Same(first, second);
        Assert.False(second.IsCancellationRequested);
        await Task.Delay(TimeSpan.FromSeconds(10), second.Token).ContinueWith(_ => { });
        Assert.True(second.IsCancellationRequested);
        Assert.False(closing.IsCancellationRequested);
    }

    [Fact]
    public async Task A_source_that_fired_or_may_be_kept_is_not_reused()
    {
        using var closing = new CancellationTokenSource();
        var tokens = new DeadlineTokens(closing.Token);

        var fired = tokens.Take(1);
        await Task.Delay(TimeSpan.FromSeconds(10), fired.Token).ContinueWith(_ => { });
        tokens.Return(fired, reusable: true);
        var kept = tokens.Take(60_000);
        tokens.Return(kept, reusable: false);
        var next = tokens.Take(60_000);

        Assert.NotSame(fired, kept);
        Assert.NotSame(kept, next);
        Assert.False(next.IsCancellationRequested);
    }

    [Fact]
    public void Closing_the_connection_cancels_every_source_taken()
    {
        using var closing = new CancellationTokenSource();
        var tokens = new DeadlineTokens(closing.Token);
        var taken = tokens.Take(60_000);

        closing.Cancel();

        Assert.True(taken.IsCancellationRequested);
    }

    [Fact]
    public void A_call_makes_its_deadline_token_only_when_asked_and_hands_it_back_when_done()
    {
        using var closing = new CancellationTokenSource();
        var tokens = new DeadlineTokens(closing.Token);
        var catalog = new ServiceCatalog();
        catalog.Add(new ShapesService());
        Assert.True(catalog.TryFind("Shapes", "Returns", out var method, out _));

        var unasked = Call(method!, closing.Token, tokens);
        Assert.False(unasked.EndDeadline());

        var asked = Call(method!, closing.Token, tokens);
        var token = asked.CancellationToken;
        Assert.NotEqual(closing.Token, token);
        Assert.Equal(token, asked.CancellationToken);
        Assert.False(asked.EndDeadline());
        Assert.Equal(closing.Token, asked.CancellationToken);

        // The source went back to the connection: the next call that asks gets it again.
        var again = Call(method!, closing.Token, tokens);
        Assert.Equal(token, again.CancellationToken);

        var none = new ServerCall(method!, new JsonTestCodec(), ReadOnlySequence<byte>.Empty, null, "test", closing.Token);
        Assert.Equal(closing.Token, none.CancellationToken);
        Assert.Null(none.Deadline);
    }

    [Fact]
    public void A_call_seen_by_its_method_or_a_filter_shows_its_deadline_in_utc()
    {
        using var closing = new CancellationTokenSource();
        var catalog = new ServiceCatalog();
        catalog.Add(new ShapesService());
        Assert.True(catalog.TryFind("Shapes", "Fill", out var method, out _));

        var call = Call(method!, closing.Token, new DeadlineTokens(closing.Token), timeLeftMs: 30_000);

        Assert.InRange(call.Deadline!.Value, DateTime.UtcNow.AddSeconds(25), DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(DateTimeKind.Utc, call.Deadline.Value.Kind);
    }

    private static ServerCall Call(ServiceMethod method, CancellationToken closing, DeadlineTokens tokens, long timeLeftMs = 60_000)
    {
        var call = new ServerCall(method, new JsonTestCodec(), ReadOnlySequence<byte>.Empty, null, "test", closing);
        call.SetDeadline(Environment.TickCount64 + timeLeftMs, timeLeftMs, tokens);
        return call;
    }
}
