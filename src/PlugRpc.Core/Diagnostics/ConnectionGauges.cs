using System.Diagnostics.Metrics;

namespace PlugRpc.Diagnostics;

/// <summary>
/// The process's open connections on each side, counted as they open and close (a connection is long-lived, so
/// always counting costs nothing per call) and observed by whoever listens.
/// </summary>
internal static class ConnectionGauges
{
    private static long client;
    private static long server;

    internal static readonly ObservableUpDownCounter<long> ClientCount = RpcDiagnostics.Meter.CreateObservableUpDownCounter(
        RpcMetricNames.ClientConnections, static () => Volatile.Read(ref client), "{connection}", "Open client connections");

    internal static readonly ObservableUpDownCounter<long> ServerCount = RpcDiagnostics.Meter.CreateObservableUpDownCounter(
        RpcMetricNames.ServerConnections, static () => Volatile.Read(ref server), "{connection}", "Open server connections");

    public static void ClientOpened() => Interlocked.Increment(ref client);

    public static void ClientClosed() => Interlocked.Decrement(ref client);

    public static void ServerOpened() => Interlocked.Increment(ref server);

    public static void ServerClosed() => Interlocked.Decrement(ref server);
}
