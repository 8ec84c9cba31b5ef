using System.Diagnostics;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Samples.Arith;

namespace PlugRpc.IntegrationTests;

/// <summary>A real server and client over loopback TCP, plugins referenced as plain projects.</summary>
public sealed class EndToEndTests
{
    [Fact]
    public async Task Both_method_shapes_answer_over_tcp()
    {
        await using var bed = await TestBed.StartAsync();

        var sum = await bed.AddAsync(1, 2);
        var arith = bed.Client.CreateProxy<IArithService>();

        Assert.Equal(3, sum.Reply);
        Assert.Equal(6, (await arith.Minus(new ArithRequest { A = 10, B = 4 })).Reply);
        Assert.Equal(42, (await arith.Mul(new ArithRequest { A = 6, B = 7 })).Reply);
        Assert.Equal(5, (await arith.Divide(new ArithRequest { A = 10, B = 2 })).Reply);
        Assert.Equal(3, (await arith.Add(new ArithRequest { A = 1, B = 2 })).Reply);
    }

    [Fact]
    public async Task An_error_response_surfaces_at_once_with_the_servers_message()
    {
        await using var bed = await TestBed.StartAsync(configureClient: c => c.RequestTimeout = TimeSpan.FromSeconds(30));
        var arith = bed.Client.CreateProxy<IArithService>();
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() => arith.Divide(new ArithRequest { A = 1, B = 0 }));

        Assert.Equal(RpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("divided by zero", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}; the error must not wait for the timeout");
    }

    [Fact]
    public async Task A_wrong_token_is_refused_with_auth_failed()
    {
        await using var bed = await TestBed.StartAsync();
        var options = new CallOptions { Metadata = new Metadata { [MetadataKeys.Auth] = "badtoken" } };

        var error = await Assert.ThrowsAsync<RpcException>(() => bed.AddAsync(1, 2, options));

        Assert.Equal(RpcStatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("auth failed", error.Message);
    }

    [Fact]
    public async Task Unknown_service_and_method_are_not_found()
    {
        await using var bed = await TestBed.StartAsync();

        var noService = await Assert.ThrowsAsync<RpcException>(() => bed.Client.CallAsync<ArithRequest, ArithResponse>("NoSuch.Add", new ArithRequest()));
        var noMethod = await Assert.ThrowsAsync<RpcException>(() => bed.Client.CallAsync<ArithRequest, ArithResponse>("ArithService.Pow", new ArithRequest()));

        Assert.Equal((RpcStatusCode.NotFound, "can not find service"), (noService.StatusCode, noService.Message));
        Assert.Equal((RpcStatusCode.NotFound, "can not find method"), (noMethod.StatusCode, noMethod.Message));
    }

    [Fact]
    public async Task A_thrown_exception_becomes_an_internal_error_without_a_stack_trace()
    {
        await using var bed = await TestBed.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => bed.Client.CallAsync<ArithRequest, ArithResponse>("Gate.Throw", new ArithRequest()));

        Assert.Equal(RpcStatusCode.Internal, error.StatusCode);
        Assert.Equal("Gate.Throw failed: the ledger is locked", error.Message);
    }

    [Fact]
    public async Task A_call_past_its_timeout_fails_with_deadline_exceeded_and_the_connection_keeps_working()
    {
        await using var bed = await TestBed.StartAsync();
        var options = new CallOptions { Timeout = TimeSpan.FromMilliseconds(150) };

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            bed.Client.CallAsync<ArithRequest, ArithResponse>("Gate.Sleep", new ArithRequest { A = 3000 }, options));

        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("Gate.Sleep timed out after 150 ms", error.Message);
        Assert.Equal(0, bed.Client.PendingCalls(bed.Address));
        Assert.Equal(9, (await bed.AddAsync(4, 5)).Reply);
    }

    [Fact]
    public async Task Cancelling_a_call_frees_its_slot()
    {
        await using var bed = await TestBed.StartAsync();
        await bed.AddAsync(0, 0);
        using var cancellation = new CancellationTokenSource();

        var call = bed.Client.CallAsync<ArithRequest, ArithResponse>("Gate.Wait", new ArithRequest { A = 1 }, null, cancellation.Token);
        await Eventually.TrueAsync(() => bed.Gate.Entered == 1);
        Assert.Equal(1, bed.Client.PendingCalls(bed.Address));
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(0, bed.Client.PendingCalls(bed.Address));
    }

    [Fact]
    public async Task A_dropped_connection_fails_every_pending_call_at_once()
    {
        var bed = await TestBed.StartAsync(configureClient: c => c.RequestTimeout = TimeSpan.FromSeconds(60));
        await using var _ = bed;
        var calls = Enumerable.Range(0, 5)
            .Select(i => bed.Client.CallAsync<ArithRequest, ArithResponse>("Gate.Wait", new ArithRequest { A = i }))
            .ToArray();
        await Eventually.TrueAsync(() => bed.Gate.Entered == 5);
        var watch = Stopwatch.StartNew();

        await bed.Server.StopAsync(new CancellationToken(canceled: true));

        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => call);
            Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
            Assert.Contains("closed", error.Message);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task The_client_reconnects_when_the_server_comes_back()
    {
        await using var first = await TestBed.StartAsync();
        Assert.Equal(3, (await first.AddAsync(1, 2)).Reply);
        await first.Server.StopAsync(new CancellationToken(canceled: true));

        var down = await Assert.ThrowsAsync<RpcException>(() => first.AddAsync(1, 2));
        Assert.Equal(RpcStatusCode.Unavailable, down.StatusCode);

        await using var container = TestBed.BuildContainer();
        await using var second = Components.RpcContainerExtensions.CreateRpcServer(container, new Options.ServerOptions { Filters = ["auth"] });
        second.AddService(new ArithService());
        await second.ListenAsync(first.Address);

        Assert.Equal(7, (await first.AddAsync(3, 4)).Reply);
    }

    [Fact]
    public async Task Graceful_shutdown_finishes_calls_in_flight_and_turns_new_ones_away()
    {
        await using var bed = await TestBed.StartAsync();
        await bed.AddAsync(0, 0);
        var inFlight = bed.Client.CallAsync<ArithRequest, ArithResponse>("Gate.Wait", new ArithRequest { A = 11 });
        await Eventually.TrueAsync(() => bed.Gate.Entered == 1);

        var stopping = bed.Server.StopAsync();
        var turnedAway = await Assert.ThrowsAsync<RpcException>(() => bed.AddAsync(1, 1));
        Assert.False(stopping.IsCompleted);
        bed.Gate.Release();

        Assert.Equal(11, (await inFlight).Reply);
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(RpcStatusCode.Unavailable, turnedAway.StatusCode);
        Assert.Equal("server is shutting down", turnedAway.Message);
    }

    [Fact]
    public async Task Graceful_shutdown_waits_for_the_calls_of_every_connection()
    {
        await using var bed = await TestBed.StartAsync();
        await using var other = Components.RpcContainerExtensions.CreateRpcClient(
            bed.Container, new Options.ClientOptions { Addresses = [bed.Address], Filters = ["auth"], RequestTimeout = TimeSpan.FromSeconds(10) });
        var gated = bed.Client.CallAsync<ArithRequest, ArithResponse>("Gate.Wait", new ArithRequest { A = 11 });
        var sleeping = other.CallAsync<ArithRequest, ArithResponse>("Gate.Sleep", new ArithRequest { A = 1500 });
        await Eventually.TrueAsync(() => bed.Gate.Entered == 1 && bed.Gate.Sleeping == 1);

        var stopping = bed.Server.StopAsync();
        bed.Gate.Release();
        Assert.Equal(11, (await gated).Reply);

        Assert.False(stopping.IsCompleted, "the server stopped while the other connection's call was running");
        Assert.Equal(1500, (await sleeping).Reply);
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Many_calls_in_flight_share_one_connection_and_each_gets_its_own_answer()
    {
        await using var bed = await TestBed.StartAsync();

        var replies = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => bed.AddAsync(i, 1000)));

        Assert.Equal(Enumerable.Range(0, 500).Select(i => i + 1000L), replies.Select(r => r.Reply));
        Assert.Equal(1, bed.Server.ConnectionCount);
    }

    [Fact]
    public async Task Large_payloads_in_flight_both_ways_never_leave_both_ends_waiting_on_writes()
    {
        // A Unix socket's small kernel buffers fill fastest.
        await using var bed = await TestBed.StartAsync(
            configureClient: c => c.RequestTimeout = TimeSpan.FromSeconds(20),
            listenOn: $"unix://{Path.Combine(Path.GetTempPath(), $"plugrpc-{Guid.NewGuid():N}.sock")}");
        var blob = new Blob { Text = new string('p', 256 * 1024) };

        // Callers that send again as soon as an answer lands keep both read loops busy while both sockets fill.
        var workers = Enumerable.Range(0, 16).Select(async _ =>
        {
            var echoed = 0;
            for (var i = 0; i < 12; i++)
            {
                echoed += (await bed.Client.CallAsync<Blob, Blob>("Echo.Echo", blob)).Text.Length;
            }

            return echoed;
        });

        Assert.All(await Task.WhenAll(workers), total => Assert.Equal(12 * blob.Text.Length, total));
    }

    [Fact]
    public async Task Heartbeats_are_answered_without_a_token()
    {
        await using var bed = await TestBed.StartAsync(configureClient: c => c.Filters = []);

        var roundTrip = await bed.Client.PingAsync(bed.Address);
        var refused = await Assert.ThrowsAsync<RpcException>(() => bed.AddAsync(1, 2));

        Assert.True(roundTrip > TimeSpan.Zero);
        Assert.Equal(RpcStatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task Nothing_listening_is_unavailable_naming_the_address()
    {
        var port = FreePort.Next();
        await using var bed = await TestBed.StartAsync(configureClient: c => c.Addresses = [$"tcp://127.0.0.1:{port}"]);

        var error = await Assert.ThrowsAsync<RpcException>(() => bed.AddAsync(1, 2));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
    }

    [Fact]
    public async Task Codec_and_compressor_can_be_chosen_per_call()
    {
        await using var bed = await TestBed.StartAsync(configureClient: c => c.CompressThreshold = 0);
        var blob = new Blob { Text = new string('x', 5000) };

        var json = await bed.Client.CallAsync<Blob, Blob>("Echo.Echo", blob, new CallOptions { Codec = "json", Compressor = "zstd" });
        var protobuf = await bed.Client.CallAsync<Blob, Blob>("Echo.Echo", blob, new CallOptions { Codec = "protobuf", Compressor = "gzip" });
        var sum = await bed.AddAsync(1, 2, new CallOptions { Compressor = "none" });

        Assert.Equal(blob.Text, json.Text);
        Assert.Equal(blob.Text, protobuf.Text);
        Assert.Equal(3, sum.Reply);
    }

    [Fact]
    public async Task A_codec_the_client_lacks_is_named_with_those_loaded()
    {
        await using var bed = await TestBed.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => bed.AddAsync(1, 2, new CallOptions { Codec = "bson" }));

        Assert.Contains("no codec named 'bson' is loaded (loaded: json, msgpack, protobuf)", error.Message);
    }
}
