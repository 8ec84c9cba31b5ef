using System.Runtime.CompilerServices;
using Autofac;
using PlugRpc.Bench.Runner;
using PlugRpc.Client;
using PlugRpc.Components;
using PlugRpc.Options;

namespace PlugRpc.Bench.Contenders;

/// <summary>
/// PlugRpc over TCP or a Unix socket, with msgpack or protobuf bodies; governed: the client with p2c, failover with
/// two retries, heartbeats, the circuit breaker and a client rate limit far above the load.
/// </summary>
internal sealed class PlugRpcContender(string name, string codec, bool unix, bool governed = false) : Contender
{
    public override string Name => name;

    public override string Id => name;

    public override string ServerKind => "plugrpc";

    public override string NewAddress() =>
        unix ? $"unix://{Path.Combine(Path.GetTempPath(), $"plugrpc-bench-{Guid.NewGuid():N}.sock")}" : $"tcp://127.0.0.1:{FreePort()}";

    public override Task<IBenchClient> ConnectAsync(string address, int connections)
    {
        var container = PlugRpcRuntime.Build();
        var clients = Enumerable.Range(0, connections)
            .Select(_ => container.CreateRpcClient(Options(address)))
            .ToArray();
        return Task.FromResult<IBenchClient>(new Client(container, clients));
    }

    private ClientOptions Options(string address)
    {
        var options = new ClientOptions { Addresses = [address], Codec = codec, RequestTimeout = TimeSpan.FromSeconds(30) };
        if (governed)
        {
            options.Selector = "p2c";
            options.FailMode = FailMode.FailOver;
            options.Retries = 2;
            options.Heartbeat = true;
            options.Filters = ["breaker", "ratelimit"];
        }

        return options;
    }

    private sealed class Client(IContainer container, RpcClient[] clients) : IBenchClient
    {
        private static readonly AddArgs Add = new() { A = 1, B = 2 };

        // The state machine that awaits the call's value task is pooled too, so that a call allocates no task.
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
        public async ValueTask CallAsync(int connection, Workload workload)
        {
            if (workload.IsAdd)
            {
                await clients[connection].CallPooledAsync<AddArgs, AddResult>("Bench", "Add", Add, null, default);
            }
            else
            {
                await clients[connection].CallPooledAsync<Payload, Payload>("Bench", "Echo", new Payload { Data = workload.Payload }, null, default);
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            await container.DisposeAsync();
        }
    }
}
