using PlugRpc.Registry.Tests.Consul;

namespace PlugRpc.Registry.Tests.Conformance;

/// <summary>
/// The registry-independent behaviours against the in-process fake Consul agent (no Consul server can be installed
/// here), with a 1 s TTL check; a restarted fake has forgotten its services, as an agent without its data has.
/// </summary>
public sealed class ConsulConformanceTests(ConsulConformanceTests.Agent agent) : RegistryConformance(agent.Server), IClassFixture<ConsulConformanceTests.Agent>
{
    protected override TimeSpan Expiry => TimeSpan.FromSeconds(1);

    protected override string ShortExpiry(string url) => url;

    protected override string Unreachable(int closedPort) => $"consul://127.0.0.1:{closedPort}?ttl=1s";

    /// <summary>The fake agent for this class's tests, its URLs with ttl=1s.</summary>
    public sealed class Agent : IAsyncLifetime
    {
        public FakeConsulServer Server { get; } = new("ttl=1s");

        public Task InitializeAsync() => Server.StartAsync();

        public Task DisposeAsync() => Server.DisposeAsync().AsTask();
    }
}
