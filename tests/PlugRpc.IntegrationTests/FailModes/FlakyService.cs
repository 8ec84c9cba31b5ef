using PlugRpc.Samples.Arith;
using PlugRpc.Services;

namespace PlugRpc.IntegrationTests.FailModes;

/// <summary>A server's behaviour as a fail-mode test sets it: how many calls fail and how, how slow it answers; counts every call.</summary>
[RpcService("Flaky")]
public sealed class FlakyService(string name)
{
    private int calls;
    private int failuresLeft;

    public int Calls => Volatile.Read(ref calls);

    /// <summary>Fails the next <see cref="FailNext"/> calls with this status.</summary>
    public RpcStatusCode FailWith { get; set; } = RpcStatusCode.Unavailable;

    /// <summary>Each call waits this long before answering.</summary>
    public TimeSpan Delay { get; set; }

    [RpcIgnore]
    public void FailNext(int count) => Volatile.Write(ref failuresLeft, count);

    /// <summary>Answers A + B, and the server's name in the metadata, unless told to fail.</summary>
    public async Task<ArithResponse> Add(ArithRequest request, CallContext context)
    {
        Interlocked.Increment(ref calls);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.CancellationToken);
        }

        if (Interlocked.Decrement(ref failuresLeft) >= 0)
        {
            throw new RpcException(FailWith, $"{name} fails this call on purpose");
        }

        context.Metadata["served-by"] = name;
        return new ArithResponse { Reply = request.A + request.B };
    }
}
