using PlugRpc.Client;
using PlugRpc.Samples.Arith;

namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>
/// One way a caller makes a typed call (a task from <c>CallAsync</c>, or <c>CallPooledAsync</c>'s value task), and
/// the scenarios every such way must pass over a real connection.
/// </summary>
internal abstract class CallPath
{
    public static CallPath Task { get; } = new TaskPath();

    public static CallPath Pooled { get; } = new PooledPath();

    public abstract Task<TResponse> CallAsync<TRequest, TResponse>(RpcClient client, string serviceMethod, TRequest request, CallOptions? options = null, CancellationToken token = default);

    /// <summary>300 calls in flight at once, a service error, a timeout and a cancellation all reach their callers.</summary>
    public async Task AnswersErrorsTimeoutsAndCancellationAllArriveAsync(TestBed bed)
    {
        var client = bed.Client;
        var sums = await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
            CallAsync<ArithRequest, ArithResponse>(client, "ArithService.Add", new ArithRequest { A = i, B = 1 })));
        var error = await Assert.ThrowsAsync<RpcException>(() => CallAsync<ArithRequest, ArithResponse>(client, "ArithService.Divide", new ArithRequest { A = 1 }));
        var late = await Assert.ThrowsAsync<RpcException>(() => CallAsync<ArithRequest, ArithResponse>(
            client, "Gate.Sleep", new ArithRequest { A = 3000 }, new CallOptions { Timeout = TimeSpan.FromMilliseconds(100) }));
        using var cancellation = new CancellationTokenSource();
        var waiting = CallAsync<ArithRequest, ArithResponse>(client, "Gate.Wait", new ArithRequest { A = 1 }, null, cancellation.Token);
        await Eventually.TrueAsync(() => bed.Gate.Entered == 1);
        cancellation.Cancel();

        Assert.Equal(Enumerable.Range(1, 300), sums.Select(s => (int)s.Reply));
        Assert.Equal((RpcStatusCode.InvalidArgument, "divided by zero"), (error.StatusCode, error.Message));
        Assert.Equal(RpcStatusCode.DeadlineExceeded, late.StatusCode);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, client.PendingCalls(bed.Address));
    }

    /// <summary>
    /// 200 calls one after another, answers, errors, larger bodies and calls with a watched token taking turns: on
    /// call objects that are used again, each still gets its own outcome.
    /// </summary>
    public async Task CallsOneAfterAnotherEachGetTheirOwnOutcomeAsync(TestBed bed)
    {
        var client = bed.Client;
        for (var i = 0; i < 200; i++)
        {
            switch (i % 4)
            {
                case 0:
                    Assert.Equal(i + 1, (await CallAsync<ArithRequest, ArithResponse>(client, "ArithService.Add", new ArithRequest { A = i, B = 1 })).Reply);
                    break;
                case 1:
                    var error = await Assert.ThrowsAsync<RpcException>(() => CallAsync<ArithRequest, ArithResponse>(client, "ArithService.Divide", new ArithRequest { A = i }));
                    Assert.Equal(RpcStatusCode.InvalidArgument, error.StatusCode);
                    break;
                case 2:
                    var blob = await CallAsync<Blob, Blob>(client, "Echo.Echo", new Blob { Text = new string('x', i), Numbers = [i] });
                    Assert.Equal((i, i), (blob.Text.Length, blob.Numbers.Single()));
                    break;
                default:
                    using (var cancellation = new CancellationTokenSource())
                    {
                        Assert.Equal(i * 2, (await CallAsync<ArithRequest, ArithResponse>(client, "ArithService.Mul", new ArithRequest { A = i, B = 2 }, null, cancellation.Token)).Reply);
                    }

                    break;
            }
        }

        Assert.Equal(0, client.PendingCalls(bed.Address));
    }

    private sealed class TaskPath : CallPath
    {
        public override Task<TResponse> CallAsync<TRequest, TResponse>(RpcClient client, string serviceMethod, TRequest request, CallOptions? options = null, CancellationToken token = default) =>
            client.CallAsync<TRequest, TResponse>(serviceMethod, request, options, token);
    }

    private sealed class PooledPath : CallPath
    {
        public override Task<TResponse> CallAsync<TRequest, TResponse>(RpcClient client, string serviceMethod, TRequest request, CallOptions? options = null, CancellationToken token = default) =>
            client.CallPooledAsync<TRequest, TResponse>(serviceMethod, request, options, token).AsTask();
    }
}
