using PlugRpc.Bench.Runner;

namespace PlugRpc.Bench.Contenders;

/// <summary>One framework (or the floor) as the bench runs it: which server to start, how to connect.</summary>
internal abstract class Contender
{
    public abstract string Name { get; }

    /// <summary>The id --contenders takes.</summary>
    public abstract string Id { get; }

    /// <summary>The server kind the bench starts with --serve.</summary>
    public abstract string ServerKind { get; }

    /// <summary>A fresh address for the server to listen on.</summary>
    public abstract string NewAddress();

    public abstract Task<IBenchClient> ConnectAsync(string address, int connections);

    /// <summary>Whether the contender has a row for <paramref name="workload"/>.</summary>
    public virtual bool Measures(Workload workload) => true;

    public static IReadOnlyList<Contender> All { get; } =
    [
        new PlugRpcContender("plugrpc-tcp", "msgpack", unix: false),
        new PlugRpcContender("plugrpc-governed", "msgpack", unix: false, governed: true),
        new PlugRpcContender("plugrpc-unix", "msgpack", unix: true),
        new PlugRpcContender("plugrpc-protobuf", "protobuf", unix: false),
        new GrpcContender(),
        new FloorContender(materialize: false),
        new FloorContender(materialize: true),
        new StreamJsonRpcContender(),
    ];

    protected static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
