using Grpc.Core;
using PlugRpc.Bench.Grpc;

namespace PlugRpc.Bench.Servers;

/// <summary>The gRPC side of the bench service.</summary>
internal sealed class GrpcBenchService : GrpcBench.GrpcBenchBase
{
    public override Task<AddReply> Add(AddRequest request, ServerCallContext context) =>
        Task.FromResult(new AddReply { Reply = request.A + request.B });

    public override Task<EchoMessage> Echo(EchoMessage request, ServerCallContext context) => Task.FromResult(request);
}
