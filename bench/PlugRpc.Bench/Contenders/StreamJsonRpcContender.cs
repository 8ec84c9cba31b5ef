using System.Net.Sockets;
using PlugRpc.Bench.Runner;
using StreamJsonRpc;

namespace PlugRpc.Bench.Contenders;

/// <summary>StreamJsonRpc over TCP with its default JSON formatting: what .NET users often pick instead.</summary>
internal sealed class StreamJsonRpcContender : Contender
{
    public override string Name => "streamjsonrpc";

    public override string Id => "streamjsonrpc";

    public override string ServerKind => "streamjsonrpc";

    public override string NewAddress() => $"tcp://127.0.0.1:{FreePort()}";

    public override async Task<IBenchClient> ConnectAsync(string address, int connections)
    {
        var (host, port) = PlugRpc.Transport.RpcAddress.Parse(address).GetHostAndPort();
        var rpcs = new JsonRpc[connections];
        for (var i = 0; i < connections; i++)
        {
            var socket = new TcpClient { NoDelay = true };
            await socket.ConnectAsync(host, port);
            rpcs[i] = JsonRpc.Attach(socket.GetStream());
        }

        return new Client(rpcs);
    }

    private sealed class Client(JsonRpc[] rpcs) : IBenchClient
    {
        private static readonly AddArgs Add = new() { A = 1, B = 2 };

        public ValueTask CallAsync(int connection, Workload workload) =>
            new(workload.IsAdd
                ? rpcs[connection].InvokeAsync<AddResult>("Add", Add)
                : rpcs[connection].InvokeAsync<Payload>("Echo", new Payload { Data = workload.Payload }));

        public ValueTask DisposeAsync()
        {
            foreach (var rpc in rpcs)
            {
                rpc.Dispose();
            }

            return ValueTask.CompletedTask;
        }
    }
}
