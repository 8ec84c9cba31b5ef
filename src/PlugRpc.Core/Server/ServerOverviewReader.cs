using PlugRpc.Diagnostics;
using PlugRpc.Discovery;
using PlugRpc.Options;
using PlugRpc.Services;

namespace PlugRpc.Server;

/// <summary>Reads a server's <see cref="ServerOverview"/>: where it listens, what it hosts, draining, serving, its registration.</summary>
internal sealed class ServerOverviewReader
{
    private readonly RpcServer server;
    private readonly ServerOptions options;

    public ServerOverviewReader(RpcServer server, ServerOptions options)
    {
        this.server = server;
        this.options = options;
    }

    public ServerOverview Read()
    {
        var (registration, problem) = RegistrationOf(server.Registrations);
        return new ServerOverview(
            options.Registry is null ? null : options.AppKey,
            [.. server.ListenAddresses.Select(a => a.ToString())],
            [.. server.ServiceNames.Order(StringComparer.Ordinal)],
            server.Draining,
            server.ServingStatusOf(string.Empty) ?? ServingStatus.Unknown,
            options.Registry is null ? null : registration,
            problem,
            server.ConnectionCount);
    }

    /// <summary>The least settled of the registrations (being made, then taken out, then in place) and its problem.</summary>
    private static (RegistrationState? State, string? Problem) RegistrationOf(IReadOnlyList<IRegistration> registrations)
    {
        RegistrationState? state = null;
        string? problem = null;
        foreach (var registration in registrations.ToArray())
        {
            var current = registration.State;
            if (state is null || Rank(current) < Rank(state.Value))
            {
                state = current;
                problem = registration.Problem;
            }
        }

        return (state, problem);
    }

    private static int Rank(RegistrationState state) => state switch
    {
        RegistrationState.Registering => 0,
        RegistrationState.Deregistered => 1,
        _ => 2,
    };
}
