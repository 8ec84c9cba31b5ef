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

/// <summary>Methods that see their call's deadline: through the token, through the context, or not at all.</summary>
[RpcService("Deadline")]
public sealed class DeadlineService
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<long> cancelledAt = new();
    private int blindFinished;

    /// <summary>When the token of each <see cref="Wait"/> whose token fired was seen to (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</summary>
    public IReadOnlyCollection<long> CancelledAt => cancelledAt;

    /// <summary>Calls to <see cref="Blind"/> that ran to their end.</summary>
    public int BlindFinished => Volatile.Read(ref blindFinished);

    /// <summary>Waits A ms unless its token fires first.</summary>
    public async Task<ArithResponse> Wait(ArithRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(request.A), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            cancelledAt.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
            throw;
        }

        return new ArithResponse { Reply = request.A };
    }

    /// <summary>Waits A ms whatever happens, then answers.</summary>
    public async Task<ArithResponse> Blind(ArithRequest request)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(request.A));
        Interlocked.Increment(ref blindFinished);
        return new ArithResponse { Reply = request.A };
    }

    /// <summary>The milliseconds left until the context's deadline, or -1 when it has none.</summary>
    public Task<ArithResponse> TimeLeft(ArithRequest request, CallContext context) =>
        Task.FromResult(new ArithResponse { Reply = context.Deadline is { } deadline ? (long)(deadline - DateTime.UtcNow).TotalMilliseconds : -1 });
}
