using PlugRpc.Samples.Arith;
using PlugRpc.Services;

namespace PlugRpc.IntegrationTests.Infrastructure;

/// <summary>A service whose calls wait until the test lets them go, to hold calls in flight.</summary>
[RpcService("Gate")]
public sealed class GateService
{
    private TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int entered;
    private int failedOnce;
    private int sleeping;

    public int Entered => Volatile.Read(ref entered);

    /// <summary>Calls to <see cref="Sleep"/> that have started.</summary>
    public int Sleeping => Volatile.Read(ref sleeping);

    [RpcIgnore]
    public void Release() => release.TrySetResult();

    public async Task<ArithResponse> Wait(ArithRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref entered);
        await release.Task.WaitAsync(cancellationToken);
        return new ArithResponse { Reply = request.A };
    }

    public async Task<ArithResponse> Sleep(ArithRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref sleeping);
        await Task.Delay(TimeSpan.FromMilliseconds(request.A), cancellationToken);
        return new ArithResponse { Reply = request.A };
    }

    /// <summary>Fails the first call made to it and answers every later one.</summary>
    public Task<ArithResponse> FailFirst(ArithRequest request) =>
        Interlocked.Exchange(ref failedOnce, 1) == 0
            ? throw new InvalidOperationException("first call fails")
            : Task.FromResult(new ArithResponse { Reply = request.A });

    public Task<ArithResponse> Throw(ArithRequest request) =>
        throw new InvalidOperationException("the ledger is locked");

    [RpcIgnore]
    public void Reset() => release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
}

public sealed class Blob
{
    public string Text { get; set; } = string.Empty;

    public List<int> Numbers { get; set; } = [];
}

/// <summary>Echoes payloads back, to carry large and structured bodies through codecs and compressors.</summary>
[RpcService("Echo")]
public sealed class EchoService
{
    public Task<Blob> Echo(Blob request) => Task.FromResult(request);

    /// <summary>Answers after the read loop has moved on: the request must not depend on the buffer it came in.</summary>
    public async Task<Blob> EchoLater(Blob request)
    {
        await Task.Yield();
        return request;
    }
}

/// <summary>Keeps the context of every call made to <see cref="Keep"/>, as a service that holds on to contexts may.</summary>
[RpcService("Keeper")]
public sealed class KeeperService
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<CallContext> kept = new();

    public IReadOnlyCollection<CallContext> Kept => kept;

    public Task<ArithResponse> Keep(ArithRequest request, CallContext context)
    {
        kept.Enqueue(context);
        return Task.FromResult(new ArithResponse { Reply = request.A });
    }

    public Task<ArithResponse> Plain(ArithRequest request) => Task.FromResult(new ArithResponse { Reply = request.A });
}
