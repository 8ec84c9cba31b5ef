namespace PlugRpc.Registry.Tests.Infrastructure;

/// <summary>
/// A registry server (or cluster) a test started on loopback, as the registry-independent tests use it: the URL
/// PlugRpc is given, and stopping and starting it again with its data kept.
/// </summary>
public interface IRegistryServer : IAsyncDisposable
{
    /// <summary>The URL for PlugRpc, e.g. zookeeper://127.0.0.1:21810/&lt;root&gt;, under a root of the caller's own.</summary>
    string UrlFor(string root);

    /// <summary>Stops every member, keeping their data.</summary>
    Task StopAsync();

    /// <summary>Starts every member again on the same ports with the same data; returns once it serves.</summary>
    Task StartAsync();
}
