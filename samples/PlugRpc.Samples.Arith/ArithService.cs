using PlugRpc.Services;

namespace PlugRpc.Samples.Arith;

/// <summary>go-rpc's sample service, written in both method shapes PlugRpc serves.</summary>
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
            : Task.FromResult(new ArithResponse { Reply = request.A / request.B });
}
