namespace PlugRpc.Diagnostics;

/// <summary>One reading of <see cref="IProcessOverview"/>.</summary>
/// <param name="TakenAt">When it was read.</param>
/// <param name="Window">How far back the per-method figures reach (less until the figures have run that long).</param>
/// <param name="Servers">The process's RPC servers.</param>
/// <param name="Clients">The process's RPC clients, each with its view of its instances.</param>
/// <param name="Methods">Each method called or served in the window, client side and server side apart.</param>
public sealed record ProcessOverview(
    DateTimeOffset TakenAt,
    TimeSpan Window,
    IReadOnlyList<ServerOverview> Servers,
    IReadOnlyList<ClientOverview> Clients,
    IReadOnlyList<MethodOverview> Methods);
