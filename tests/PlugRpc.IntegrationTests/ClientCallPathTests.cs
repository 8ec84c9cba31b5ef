using Autofac;
using PlugRpc.Components;
using PlugRpc.Filters;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Plugins;
using PlugRpc.Samples.Arith;

namespace PlugRpc.IntegrationTests;

/// <summary>
/// A client without filters completes the caller's task straight from the answer; a client with filters awaits
/// each attempt of one call object, and a retry sends the same call again. Both over real loopback sockets.
/// </summary>
public sealed class ClientCallPathTests
{
    [Fact]
    public async Task Without_filters_answers_errors_timeouts_and_cancellation_all_arrive()
    {
        await using var bed = await TestBed.StartAsync(configureServer: s => s.Filters = [], configureClient: c => c.Filters = []);

        await CallPath.Task.AnswersErrorsTimeoutsAndCancellationAllArriveAsync(bed);
    }

    [Fact]
    public async Task Without_filters_a_token_cancelled_before_the_call_fails_it_without_waiting()
    {
        await using var bed = await TestBed.StartAsync(configureServer: s => s.Filters = [], configureClient: c => c.Filters = []);
        await bed.AddAsync(0, 0);

        var call = bed.Client.CallAsync<ArithRequest, ArithResponse>("Gate.Wait", new ArithRequest { A = 1 }, null, new CancellationToken(canceled: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, bed.Client.PendingCalls(bed.Address));
    }

    [Fact]
    public async Task Without_filters_a_server_that_is_not_there_fails_the_call_as_unavailable()
    {
        var port = FreePort.Next();
        await using var bed = await TestBed.StartAsync(configureServer: s => s.Filters = [], configureClient: c => c.Filters = []);
        await using var client = bed.Container.CreateRpcClient(new Options.ClientOptions { Addresses = [$"tcp://127.0.0.1:{port}"], DialTimeout = TimeSpan.FromSeconds(2) });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CallAsync<ArithRequest, ArithResponse>("ArithService.Add", new ArithRequest()));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task Without_filters_calls_one_after_another_each_get_their_own_outcome()
    {
        await using var bed = await TestBed.StartAsync(configureServer: s => s.Filters = [], configureClient: c => c.Filters = []);

        await CallPath.Task.CallsOneAfterAnotherEachGetTheirOwnOutcomeAsync(bed);
    }

    [Fact]
    public async Task Without_server_filters_a_method_that_takes_its_context_keeps_it_to_itself()
    {
        await using var bed = await TestBed.StartAsync(configureServer: s => s.Filters = [], configureClient: c => c.Filters = []);
        var keeper = bed.Keeper;

        for (var i = 0; i < 100; i++)
        {
            var options = new CallOptions { Metadata = new Metadata { ["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
            await bed.Client.CallAsync<ArithRequest, ArithResponse>("Keeper.Keep", new ArithRequest { A = i }, options);
            await bed.Client.CallAsync<ArithRequest, ArithResponse>("Keeper.Plain", new ArithRequest { A = i });
            await bed.AddAsync(i, i);
        }

        Assert.Equal(100, keeper.Kept.Count);
        Assert.Equal(100, keeper.Kept.Distinct().Count());
        Assert.Equal(
            Enumerable.Range(0, 100).Select(i => ("Keeper", "Keep", (string?)i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            keeper.Kept.Select(c => (c.ServiceName, c.MethodName, c.Metadata["n"])));
    }

    [Fact]
    public async Task A_retrying_filter_sends_the_same_call_again_and_gets_the_second_answer()
    {
        var retry = new RetryOnceFilter();
        await using var bed = await TestBed.StartAsync(
            configureClient: c => c.Filters = ["auth", "retry-once"],
            extra: b => b.RegisterClientFilter("retry-once", _ => retry));
        bed.Gate.Release();

        var answer = await bed.Client.CallAsync<ArithRequest, ArithResponse>("Gate.FailFirst", new ArithRequest { A = 7 });

        Assert.Equal(7, answer.Reply);
        Assert.Equal(2, retry.LastAttempt);
        Assert.Equal(RpcStatusCode.Internal, retry.FirstError);
        Assert.Equal(0, bed.Client.PendingCalls(bed.Address));
    }

    [Fact]
    public async Task A_filter_that_passes_on_another_context_gets_a_clear_error()
    {
        await using var bed = await TestBed.StartAsync(
            configureClient: c => c.Filters = ["swap"],
            extra: b => b.RegisterClientFilter("swap", _ => new SwappingFilter()));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => bed.AddAsync(1, 2));

        Assert.Contains("filters must pass on the context they were given", error.Message);
    }

    private sealed class RetryOnceFilter : IClientFilter
    {
        public int LastAttempt { get; private set; }

        public RpcStatusCode? FirstError { get; private set; }

        public async ValueTask InvokeAsync(ClientCallContext context, ClientCallHandler next)
        {
            try
            {
                await next(context);
            }
            catch (RpcException ex)
            {
                FirstError = ex.StatusCode;
                context.Attempt++;
                await next(context);
            }

            LastAttempt = context.Attempt;
        }
    }

    private sealed class SwappingFilter : IClientFilter
    {
        public ValueTask InvokeAsync(ClientCallContext context, ClientCallHandler next) => next(new ForeignContext(context));

        private sealed class ForeignContext(ClientCallContext original)
            : ClientCallContext(original.ServiceName, original.MethodName, null, original.Options, original.CancellationToken)
        {
            public override object? RequestObject => null;

            public override object? ResponseObject => null;

            public override void WriteRequest(Codecs.ICodec codec, System.Buffers.IBufferWriter<byte> output)
            {
            }

            public override void ReadResponse(Codecs.ICodec codec, in System.Buffers.ReadOnlySequence<byte> body)
            {
            }
        }
    }
}
