using PlugRpc.Registry.Tests.Infrastructure;

namespace PlugRpc.Registry.Tests.Reliability;

/// <summary>One host process of a <see cref="LedgerFleet"/>: its name, its ledger file, and the proxy in front of it, if any.</summary>
internal sealed class LedgerHost(int number, RegistryHost process, string ledger, LoopbackProxy? proxy) : IAsyncDisposable
{
    /// <summary>1 for the fleet's first host, and so on.</summary>
    public int Number { get; } = number;

    /// <summary>h1, h2, …: what its LedgerService answers as its host.</summary>
    public string Name => $"h{Number}";

    public RegistryHost Process { get; } = process;

    /// <summary>The file the host's LedgerService appends each Apply call's id to.</summary>
    public string Ledger { get; } = ledger;

    /// <summary>The proxy clients reach this host through (it advertises the proxy's address), or null.</summary>
    public LoopbackProxy? Proxy { get; } = proxy;

    /// <summary>The address the host registered: its proxy's, or its own.</summary>
    public string Address => Proxy?.Address ?? Process.Address;

    /// <summary>Killed or stopped by the test: it neither serves nor comes back.</summary>
    public bool Gone { get; set; }

    public override string ToString() => $"{Name} ({Address})";

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }
    }
}
