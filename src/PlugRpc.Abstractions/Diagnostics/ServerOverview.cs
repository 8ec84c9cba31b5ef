using PlugRpc.Discovery;
using PlugRpc.Services;

namespace PlugRpc.Diagnostics;

/// <summary>An RPC server of this process as it stands.</summary>
/// <param name="AppKey">The app key it registers under; null without a registry.</param>
/// <param name="Addresses">Where it listens (empty before it listens).</param>
/// <param name="Services">The services it hosts.</param>
/// <param name="Draining">Whether it has begun to stop: it takes no new work.</param>
/// <param name="Serving">What its Health service answers for the whole server.</param>
/// <param name="Registration">Its registration in the registry (the least settled of them when it has several); null without a registry.</param>
/// <param name="RegistrationProblem">Why the registration is not in place, when it is not.</param>
/// <param name="Connections">Client connections open to it.</param>
public sealed record ServerOverview(
    string? AppKey,
    IReadOnlyList<string> Addresses,
    IReadOnlyList<string> Services,
    bool Draining,
    ServingStatus Serving,
    RegistrationState? Registration,
    string? RegistrationProblem,
    int Connections);
