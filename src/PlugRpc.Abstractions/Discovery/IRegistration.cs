namespace PlugRpc.Discovery;

/// <summary>
/// A server's registration, kept in its registry until disposed: restored by itself when the registry loses it
/// (session expired, lease lost, registry restarted). Disposing deregisters.
/// </summary>
public interface IRegistration : IAsyncDisposable
{
    ServiceRegistration Registration { get; }

    RegistrationState State { get; }

    /// <summary>Why the registration is not in place now, when it is not.</summary>
    string? Problem { get; }

    /// <summary>Completes when the registration is first in place.</summary>
    Task Registered { get; }
}

public enum RegistrationState
{
    /// <summary>Being made, or being made again after a loss.</summary>
    Registering,

    /// <summary>In the registry.</summary>
    Registered,

    /// <summary>Taken out (disposed).</summary>
    Deregistered,
}
