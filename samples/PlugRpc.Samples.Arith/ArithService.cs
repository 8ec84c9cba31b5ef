using PlugRpc.Services;

namespace PlugRpc.Samples.Arith;

/// <summary>
/// go-rpc's sample service, written in both method shapes PlugRpc serves. Its arithmetic is Go's on int64: it wraps
/// on overflow (unchecked), and only a zero divisor is an error.
/// </summary>
[RpcService]
public sealed class ArithService
{
    /// <summary>go-rpc's shape: the response object is filled in.</summary>
    public Task Add(CallContext context, ArithRequest request, ArithResponse response)
    {
        response.Reply = request.A + request.B;
        return Task.CompletedTask;
    }

    public Task<ArithResponse> Minus(ArithRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ArithResponse { Reply = request.A - request.B });

    public Task<ArithResponse> Mul(ArithRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ArithResponse { Reply = request.A * request.B });

    public Task<ArithResponse> Divide(ArithRequest request, CancellationToken cancellationToken) =>
        request.B == 0
            ? throw new RpcException(RpcStatusCode.InvalidArgument, RpcErrors.DividedByZero)
            : Task.FromResult(new ArithResponse { Reply = WrappingDivide(request.A, request.B) });

    /// <summary>Go's int64 division: long.MinValue / -1 wraps to long.MinValue (.NET would throw OverflowException).</summary>
    private static long WrappingDivide(long a, long b) => b == -1 ? unchecked(-a) : a / b;
}
