using Google.Protobuf;
using Grpc.Net.Client;
using PlugRpc.Bench.Grpc;
using PlugRpc.Bench.Runner;

namespace PlugRpc.Bench.Contenders;

/// <summary>grpc-dotnet: Grpc.AspNetCore on Kestrel, HTTP/2 cleartext, and Grpc.Net.Client; one channel per connection.</summary>
internal sealed class GrpcContender : Contender
{
    public override string Name => "grpc-dotnet";

    public override string Id => "grpc";

    public override string ServerKind => "grpc";

    public override string NewAddress() => $"http://127.0.0.1:{FreePort()}";

    public override Task<IBenchClient> ConnectAsync(string address, int connections)
    {
        var channels = Enumerable.Range(0, connections)
            .Select(_ => GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = 16 * 1024 * 1024 }))
            .ToArray();
        return Task.FromResult<IBenchClient>(new Client(channels));
    }

    private sealed class Client(GrpcChannel[] channels) : IBenchClient
    {
        private static readonly AddRequest Add = new() { A = 1, B = 2 };
        private readonly GrpcBench.GrpcBenchClient[] clients = channels.Select(c => new GrpcBench.GrpcBenchClient(c)).ToArray();
        private readonly Dictionary<int, EchoMessage> echoes = Workload.All.ToDictionary(w => w.PayloadBytes, w => new EchoMessage { Data = ByteString.CopyFrom(w.Payload) });

        public ValueTask CallAsync(int connection, Workload workload) =>
            new(workload.IsAdd
                ? clients[connection].AddAsync(Add).ResponseAsync
                : clients[connection].EchoAsync(echoes[workload.PayloadBytes]).ResponseAsync);

        public ValueTask DisposeAsync()
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }

            return ValueTask.CompletedTask;
        }
    }
}
