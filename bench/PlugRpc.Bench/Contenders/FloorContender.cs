using PlugRpc.Bench.Floor;
using PlugRpc.Bench.Runner;

namespace PlugRpc.Bench.Contenders;

/// <summary>
/// The raw-socket floor: no framework, only what loopback TCP and the runtime cost. With <c>materialize</c>
/// ("floor, byte[]"), the floor that also copies each echoed payload into a byte[] of its own on both sides, as
/// every framework that hands messages to code must: not a contender but the ceiling that leaves for echoes.
/// </summary>
internal sealed class FloorContender(bool materialize) : Contender
{
    private static readonly byte[] AddPayload = [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2];

    public const string DisplayName = "raw floor";

    public override string Name => materialize ? "floor, byte[]" : DisplayName;

    public override string Id => materialize ? "floor-bytes" : "floor";

    public override string ServerKind => Id;

    /// <summary>Add's numbers are read where they lie by every contender: only echoes differ.</summary>
    public override bool Measures(Workload workload) => !materialize || !workload.IsAdd;

    public override string NewAddress() => $"tcp://127.0.0.1:{FreePort()}";

    public override async Task<IBenchClient> ConnectAsync(string address, int connections)
    {
        var (host, port) = PlugRpc.Transport.RpcAddress.Parse(address).GetHostAndPort();
        var opened = new FloorConnection[connections];
        for (var i = 0; i < connections; i++)
        {
            opened[i] = await FloorConnection.ConnectAsync(host, port, materialize);
        }

        return new Client(opened);
    }

    private sealed class Client(FloorConnection[] connections) : IBenchClient
    {
        public ValueTask CallAsync(int connection, Workload workload) =>
            new(workload.IsAdd
                ? connections[connection].CallAsync(FloorFrames.Add, AddPayload)
                : connections[connection].CallAsync(FloorFrames.Echo, workload.Payload));

        public async ValueTask DisposeAsync()
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
