using PlugRpc.Bench.Floor;
using PlugRpc.Bench.Runner;

namespace PlugRpc.Bench.Contenders;

/// <summary>The raw-socket floor: no framework, only what loopback TCP and the runtime cost.</summary>
internal sealed class FloorContender : Contender
{
    private static readonly byte[] AddPayload = [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2];

    public const string DisplayName = "raw floor";

    public override string Name => DisplayName;

    public override string Id => "floor";

    public override string ServerKind => "floor";

    public override string NewAddress() => $"tcp://127.0.0.1:{FreePort()}";

    public override async Task<IBenchClient> ConnectAsync(string address, int connections)
    {
        var (host, port) = PlugRpc.Transport.RpcAddress.Parse(address).GetHostAndPort();
        var opened = new FloorConnection[connections];
        for (var i = 0; i < connections; i++)
        {
            opened[i] = await FloorConnection.ConnectAsync(host, port);
        }

        return new Client(opened);
    }

    private sealed class Client(FloorConnection[] connections) : IBenchClient
    {
        public Task CallAsync(int connection, Workload workload) =>
            workload.IsAdd
                ? connections[connection].CallAsync(FloorFrames.Add, AddPayload)
                : connections[connection].CallAsync(FloorFrames.Echo, workload.Payload);

        public async ValueTask DisposeAsync()
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
