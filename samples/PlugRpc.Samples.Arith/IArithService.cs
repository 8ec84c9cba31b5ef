using PlugRpc.Services;

namespace PlugRpc.Samples.Arith;

/// <summary>The client's view of <see cref="ArithService"/>, for typed proxies.</summary>
[RpcService("ArithService")]
public interface IArithService
{
    Task<ArithResponse> Add(ArithRequest request, CancellationToken cancellationToken = default);

    Task<ArithResponse> Minus(ArithRequest request, CancellationToken cancellationToken = default);

    Task<ArithResponse> Mul(ArithRequest request, CancellationToken cancellationToken = default);

    Task<ArithResponse> Divide(ArithRequest request, CancellationToken cancellationToken = default);
}
