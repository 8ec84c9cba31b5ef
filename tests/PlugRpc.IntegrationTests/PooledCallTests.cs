using System.Runtime.CompilerServices;
using Autofac;
using PlugRpc.Plugins;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Samples.Arith;

namespace PlugRpc.IntegrationTests;

/// <summary>
/// <see cref="Client.RpcClient.CallPooledAsync{TRequest, TResponse}(string, TRequest, CallOptions?, CancellationToken)"/>
/// and proxy methods that return a value task: without client filters the value task is the call object itself,
/// used again once its response is read. Over real loopback sockets.
/// </summary>
public sealed class PooledCallTests
{
    [Fact]
    public async Task Answers_errors_timeouts_and_cancellation_all_arrive()
    {
        await using var bed = await TestBed.StartAsync(configureServer: s => s.Filters = [], configureClient: c => c.Filters = []);

        await CallPath.Pooled.AnswersErrorsTimeoutsAndCancellationAllArriveAsync(bed);
    }

    [Fact]
    public async Task Calls_one_after_another_on_reused_objects_each_get_their_own_outcome()
    {
        await using var bed = await TestBed.StartAsync(configureServer: s => s.Filters = [], configureClient: c => c.Filters = []);

        await CallPath.Pooled.CallsOneAfterAnotherEachGetTheirOwnOutcomeAsync(bed);
    }

    [Fact]
    public async Task Through_filters_answers_errors_timeouts_and_cancellation_all_arrive()
    {
        await using var bed = await TestBed.StartAsync();

        await CallPath.Pooled.AnswersErrorsTimeoutsAndCancellationAllArriveAsync(bed);
    }

    [Fact]
    public async Task Through_filters_calls_one_after_another_on_reused_objects_each_get_their_own_outcome()
    {
        await using var bed = await TestBed.StartAsync(configureClient: c => c.FailMode = Options.FailMode.FailOver);

        await CallPath.Pooled.CallsOneAfterAnotherEachGetTheirOwnOutcomeAsync(bed);
    }

    [Fact]
    public async Task A_value_task_awaited_a_second_time_is_refused()
    {
        await using var bed = await TestBed.StartAsync(configureServer: s => s.Filters = [], configureClient: c => c.Filters = []);
        var call = AddAsync(bed, 1, 2);

        Assert.Equal(3, (await call).Reply);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await call);
        Assert.Contains("await it once", error.Message);
        Assert.Equal(5, (await AddAsync(bed, 2, 3)).Reply);
    }

    [Fact]
    public async Task Once_read_the_response_is_held_by_nothing_of_the_client()
    {
        await using var bed = await TestBed.StartAsync(configureServer: s => s.Filters = [], configureClient: c => c.Filters = []);
        await AddAsync(bed, 0, 0);

        var response = await EchoAndForgetAsync(bed);

        // Off the thread that settled the call, whose stack may still hold it in a debug build.
        await Task.Yield();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(response.IsAlive, "the pooled call (or its connection) still references a response its caller has dropped");
    }

    [Fact]
    public async Task With_filters_the_call_goes_through_them()
    {
        var seen = new List<string>();
        await using var bed = await TestBed.StartAsync(
            configureClient: c => c.Filters = ["auth", "record"],
            extra: b => b.RegisterClientFilter("record", _ => new RecordingFilter(seen)));

        var sum = await AddAsync(bed, 20, 22);

        Assert.Equal(42, sum.Reply);
        Assert.Equal(["ArithService.Add"], seen);
    }

    [Fact]
    public async Task A_proxy_method_that_returns_a_value_task_answers()
    {
        await using var bed = await TestBed.StartAsync(configureServer: s => s.Filters = [], configureClient: c => c.Filters = []);
        var arith = bed.Client.CreateProxy<IValueTaskArith>();

        Assert.Equal(42, (await arith.Mul(new ArithRequest { A = 6, B = 7 })).Reply);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await arith.Divide(new ArithRequest { A = 1, B = 0 }));

        Assert.Equal(RpcStatusCode.InvalidArgument, error.StatusCode);
    }

    private static ValueTask<ArithResponse> AddAsync(TestBed bed, long a, long b) =>
        bed.Client.CallPooledAsync<ArithRequest, ArithResponse>("ArithService.Add", new ArithRequest { A = a, B = b });

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> EchoAndForgetAsync(TestBed bed)
    {
        var blob = await bed.Client.CallPooledAsync<Blob, Blob>("Echo.Echo", new Blob { Text = new string('y', 100_000) });
        Assert.Equal(100_000, blob.Text.Length);
        return new WeakReference(blob);
    }

    [Services.RpcService("ArithService")]
    public interface IValueTaskArith
    {
        ValueTask<ArithResponse> Mul(ArithRequest request);

        ValueTask<ArithResponse> Divide(ArithRequest request);
    }

    private sealed class RecordingFilter(List<string> seen) : Filters.IClientFilter
    {
        public ValueTask InvokeAsync(ClientCallContext context, Filters.ClientCallHandler next)
        {
            seen.Add($"{context.ServiceName}.{context.MethodName}");
            return next(context);
        }
    }
}
