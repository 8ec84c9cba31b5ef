using System.Buffers;
using System.Diagnostics;
using Autofac;
using MessagePack;
using Microsoft.Extensions.Logging;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Protocol;
using PlugRpc.Samples.Arith;

namespace PlugRpc.IntegrationTests;

/// <summary>
/// Deadlines end to end over real sockets: the client sends the time its call has left (rpc_deadline_ms), the server
/// cancels the method's token when it runs out and writes no answer past it; a request without it (go-rpc's) is
/// served as before. Run with the auth filter (every call seen by a filter) and without any filter (a token-only
/// method's call is the framework's alone, its token source reused).
/// </summary>
public sealed class DeadlineTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_call_past_its_timeout_fails_on_the_client_and_its_method_is_cancelled_then_and_never_answers(bool withFilters)
    {
        var logs = new CapturedLogs();
        await using var bed = await StartAsync(logs, withFilters);
        for (var i = 0; i < 20; i++)
        {
            // Quick calls first, so that the one that times out may get a token source that served others.
            Assert.Equal(0, (await Call(bed, "Deadline.Wait", 0, TimeSpan.FromSeconds(5))).Reply);
        }

        var called = Stopwatch.GetTimestamp();
        var error = await Assert.ThrowsAsync<RpcException>(() => Call(bed, "Deadline.Wait", 2000, TimeSpan.FromMilliseconds(300)));
        var failedAfter = Stopwatch.GetElapsedTime(called);

        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.StatusCode);
        Assert.InRange(failedAfter.TotalMilliseconds, 250, 1500);
        await Eventually.TrueAsync(() => bed.Deadlines.CancelledAt.Count == 1, "the method saw its token cancelled");
        Assert.InRange(Stopwatch.GetElapsedTime(called, bed.Deadlines.CancelledAt.Single()).TotalMilliseconds, 250, 1500);
        await Eventually.TrueAsync(() => logs.Lines.Any(l => l.Contains("Deadline.Wait (seq ", StringComparison.Ordinal) && l.Contains("not sent: its deadline passed", StringComparison.Ordinal)));
        await Task.Delay(200);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("matches no waiting call", StringComparison.Ordinal));
        Assert.Equal(9, (await bed.AddAsync(4, 5)).Reply);
    }

    [Theory]
    [InlineData("Wait", true)]
    [InlineData("Wait", false)]
    [InlineData("Blind", true)]
    [InlineData("Blind", false)]
    public async Task A_go_rpc_shaped_request_with_rpc_deadline_ms_gets_no_answer_once_that_has_passed(string method, bool withFilters)
    {
        var logs = new CapturedLogs();
        await using var bed = await StartAsync(logs, withFilters);
        await Call(bed, "Deadline." + method, 0, TimeSpan.FromSeconds(5));
        using var socket = await RawFrames.ConnectAsync(bed.Address);
        var stream = socket.GetStream();

        // Wait's token fires at 200 ms; Blind sees no token and answers at 500 ms, past its deadline. Had either been
        // answered, that answer would come before Add's.
        var sent = Stopwatch.GetTimestamp();
        await stream.WriteAsync(Request(1, "Deadline", method, method == "Wait" ? 2000 : 500, deadlineEntry: "200"));
        await Task.Delay(1000);
        await stream.WriteAsync(Request(2, "ArithService", "Add", 3, deadlineEntry: "5000"));
        var answer = await RawFrames.ReadFrameAsync(stream, TimeSpan.FromSeconds(5));

        Assert.NotNull(answer);
        var (header, body) = RawFrames.Decode(answer);
        Assert.Equal((2UL, WireStatus.Ok), (header.Seq, header.StatusCode));
        Assert.Equal("""{"Reply":7}""", MessagePackSerializer.ConvertToJson(body));
        await Eventually.TrueAsync(() => logs.Lines.Any(l => l.Contains($"Deadline.{method} (seq 1)", StringComparison.Ordinal) && l.Contains("not sent: its deadline passed", StringComparison.Ordinal)));
        if (method == "Wait")
        {
            Assert.InRange(Stopwatch.GetElapsedTime(sent, Assert.Single(bed.Deadlines.CancelledAt)).TotalMilliseconds, 180, 1500);
        }
        else
        {
            Assert.Equal(2, bed.Deadlines.BlindFinished);
        }
    }

    [Fact]
    public async Task A_fast_call_with_a_deadline_is_answered_as_go_rpc_would_with_no_deadline_entry_in_the_answer()
    {
        await using var bed = await TestBed.StartAsync();
        using var socket = await RawFrames.ConnectAsync(bed.Address);
        var stream = socket.GetStream();

        await stream.WriteAsync(Request(1, "ArithService", "Add", 1, deadlineEntry: "5000"));
        var answer = await RawFrames.ReadFrameAsync(stream, TimeSpan.FromSeconds(5));

        Assert.NotNull(answer);
        Assert.True(answer.AsSpan().IndexOf("rpc_deadline_ms"u8) < 0, "the answer carries the request's deadline");
        var (header, body) = RawFrames.Decode(answer);
        var expected = RawFrames.Decode(RawFrames.Vector("add_response")).Header;
        Assert.Equal((expected.Seq, expected.StatusCode, expected.Error), (header.Seq, header.StatusCode, header.Error));
        Assert.Equal(expected.Metadata!.ToList(), header.Metadata!.ToList());
        Assert.Equal("""{"Reply":5}""", MessagePackSerializer.ConvertToJson(body));
    }

    [Fact]
    public async Task The_context_shows_the_deadline_of_a_call_that_has_one_and_none_for_a_go_rpc_request()
    {
        await using var bed = await TestBed.StartAsync();

        var left = (await Call(bed, "Deadline.TimeLeft", 0, TimeSpan.FromSeconds(5))).Reply;

        Assert.InRange(left, 3000, 5000);
        using var socket = await RawFrames.ConnectAsync(bed.Address);
        var stream = socket.GetStream();
        await stream.WriteAsync(Request(1, "Deadline", "TimeLeft", 0, deadlineEntry: null));
        var answer = await RawFrames.ReadFrameAsync(stream, TimeSpan.FromSeconds(5));
        Assert.NotNull(answer);
        var (header, body) = RawFrames.Decode(answer);
        Assert.Equal(WireStatus.Ok, header.StatusCode);
        Assert.Equal("""{"Reply":-1}""", MessagePackSerializer.ConvertToJson(body));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_call_with_a_far_deadline_is_still_cancelled_when_its_connection_closes(bool withFilters)
    {
        await using var bed = await StartAsync(new CapturedLogs(), withFilters);
        var socket = await RawFrames.ConnectAsync(bed.Address);
        var stream = socket.GetStream();
        await stream.WriteAsync(Request(1, "Deadline", "Wait", 20_000, deadlineEntry: "30000"));
        await Task.Delay(200);

        var closed = Stopwatch.GetTimestamp();
        socket.Dispose();

        await Eventually.TrueAsync(() => bed.Deadlines.CancelledAt.Count == 1, "the method saw its token cancelled");
        Assert.InRange(Stopwatch.GetElapsedTime(closed, bed.Deadlines.CancelledAt.Single()).TotalMilliseconds, 0, 3000);
    }

    private static Task<TestBed> StartAsync(CapturedLogs logs, bool withFilters) =>
        TestBed.StartAsync(
            configureServer: s => s.Filters = withFilters ? s.Filters : [],
            configureClient: c => c.Filters = withFilters ? c.Filters : [],
            extra: b => b.RegisterInstance(logs.CreateFactory()).As<ILoggerFactory>());

    private static Task<ArithResponse> Call(TestBed bed, string method, long a, TimeSpan timeout) =>
        bed.Client.CallAsync<ArithRequest, ArithResponse>(method, new ArithRequest { A = a, B = 4 }, new CallOptions { Timeout = timeout });

    /// <summary>
    /// A request as a go-rpc client sends it (auth token in metadata), with rpc_deadline_ms set by hand as one more
    /// metadata entry when <paramref name="deadlineEntry"/> is given; the body is Add's (A, B = 4).
    /// </summary>
    private static byte[] Request(ulong seq, string service, string method, long a, string? deadlineEntry)
    {
        var (header, _) = RawFrames.Decode(RawFrames.Vector("add_request"));
        header.Seq = seq;
        header.ServiceName = service;
        header.MethodName = method;
        if (deadlineEntry is not null)
        {
            header.Metadata![MetadataKeys.Deadline] = deadlineEntry;
        }

        var body = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(body);
        writer.WriteMapHeader(2);
        writer.Write("A");
        writer.Write(a);
        writer.Write("B");
        writer.Write(4);
        writer.Flush();
        return RawFrames.Encode(header, body.WrittenSpan.ToArray());
    }
}
