using PlugRpc.Discovery;
using PlugRpc.Registry.Consul;

namespace PlugRpc.Registry.Tests.Consul;

/// <summary>One fake Consul agent shared by the tests that neither stop nor restart it; each test keeps to app keys of its own.</summary>
public sealed class ConsulFixture : IAsyncLifetime
{
    public FakeConsulServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await FakeConsulServer.StartNewAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A registry on the shared agent with the parameters given, and a TTL of 2 s unless they set one.</summary>
    public ConsulRegistry Open(string parameters = "") => OpenOn(Server, parameters);

    public static ConsulRegistry OpenOn(FakeConsulServer server, string parameters = "")
    {
        var query = parameters.Contains("ttl=", StringComparison.Ordinal) ? parameters : "ttl=2s" + (parameters.Length > 0 ? "&" + parameters : string.Empty);
        return new(RegistryAddress.Parse($"consul://127.0.0.1:{server.Port}?{query}"));
    }

    public static string NewAppKey(string what) => $"{what}-{Guid.NewGuid():N}"[..Math.Min(what.Length + 13, 60)];

    public static ServiceRegistration Registration(string appKey, int port, IReadOnlyDictionary<string, string>? metadata = null) =>
        new(appKey, new ServiceInstance($"tcp://127.0.0.1:{port}", metadata ?? ServiceInstance.EmptyMetadata));
}

[CollectionDefinition(Name)]
public sealed class ConsulCollection : ICollectionFixture<ConsulFixture>
{
    public const string Name = "fake consul";
}
