using System.Runtime.CompilerServices;
using PlugRpc.Client;
using PlugRpc.Server;

namespace PlugRpc.Diagnostics;

/// <summary>
/// The process's live servers and clients, each with the reader of its overview: a server or client adds itself as it
/// is made and leaves as it is disposed (or collected), so <see cref="LiveProcessOverview"/> lists every app the
/// process knows, however it was made.
/// </summary>
internal static class LiveApps
{
    private static readonly ConditionalWeakTable<object, ServerOverviewReader> Servers = [];
    private static readonly ConditionalWeakTable<object, ClientOverviewReader> Clients = [];

    public static void Add(RpcServer server, ServerOverviewReader reader) => Servers.AddOrUpdate(server, reader);

    public static void Add(RpcClient client, ClientOverviewReader reader) => Clients.AddOrUpdate(client, reader);

    public static void Remove(RpcServer server) => Servers.Remove(server);

    public static void Remove(RpcClient client) => Clients.Remove(client);

    public static List<ServerOverview> ReadServers()
    {
        var read = new List<ServerOverview>();
        foreach (var (_, reader) in Servers)
        {
            read.Add(reader.Read());
        }

        read.Sort(static (a, b) => string.CompareOrdinal(a.Addresses.FirstOrDefault(), b.Addresses.FirstOrDefault()));
        return read;
    }

    public static List<ClientOverview> ReadClients()
    {
        var read = new List<ClientOverview>();
        foreach (var (_, reader) in Clients)
        {
            read.Add(reader.Read());
        }

        read.Sort(static (a, b) => string.CompareOrdinal(a.Origin + string.Join(",", a.Addresses), b.Origin + string.Join(",", b.Addresses)));
        return read;
    }
}
