using PlugRpc.Samples.Arith;
using PlugRpc.Services;

namespace PlugRpc.IntegrationTests.Observability;

/// <summary>A service that answers by calling another server's ArithService.Add through its own client.</summary>
[RpcService("Relay")]
public sealed class RelayService(IRpcClient next)
{
    public Task<ArithResponse> Forward(ArithRequest request) => next.CallAsync<ArithRequest, ArithResponse>("ArithService.Add", request);
}
