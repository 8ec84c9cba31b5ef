namespace PlugRpc.Registry.Tests.Infrastructure;

/// <summary>How a <see cref="RegistryHost"/> is started: where it registers, and what differs from the defaults.</summary>
internal sealed record RegistryHostLaunch(string Registry, string AppKey, string Directory)
{
    /// <summary>The address to listen on; null picks a free loopback port.</summary>
    public string? Address { get; init; }

    /// <summary>The plugins.json to run with; null takes <see cref="RegistryHost.WriteConfig"/>'s.</summary>
    public string? Config { get; init; }

    /// <summary>The address to register in place of the one listened on (--advertise), e.g. a proxy's.</summary>
    public string? Advertise { get; init; }

    /// <summary>Variables to set for the process, beside those it inherits.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>More arguments for the host.</summary>
    public IReadOnlyList<string> Extra { get; init; } = [];
}
