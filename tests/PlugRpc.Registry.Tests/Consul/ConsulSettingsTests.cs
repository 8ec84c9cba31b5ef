using Autofac;
using PlugRpc.Discovery;
using PlugRpc.Registry.Consul;

namespace PlugRpc.Registry.Tests.Consul;

/// <summary>What a consul:// URL may say, and the plugin registering the scheme.</summary>
public sealed class ConsulSettingsTests
{
    [Theory]
    [InlineData("consul://", "consul needs the agent to talk to")]
    [InlineData("consul://a:8500,b:8500", "consul talks to one agent, not 2 (a:8500, b:8500)")]
    [InlineData("consul://a?tll=1s", "consul has no parameter 'tll'; it takes ttl, deregisterAfter, token, wait")]
    [InlineData("consul://a?ttl=soon", "ttl=soon is not a positive duration")]
    [InlineData("consul://a?deregisterAfter=0s", "deregisterAfter=0s is not a positive duration")]
    [InlineData("consul://a?wait=11m", "wait=11m is longer than Consul's limit of 10m")]
    public void A_url_that_does_not_suit_consul_is_refused_in_one_line(string url, string message)
    {
        var refused = Assert.Throws<FormatException>(() => new ConsulRegistry(RegistryAddress.Parse(url)));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Theory]
    [InlineData("consul://agent.local", "consul agent agent.local:8500")]
    [InlineData("consul://127.0.0.1:18500/ignored/path?ttl=2s&deregisterAfter=5m&token=t&wait=10s", "consul agent 127.0.0.1:18500")]
    [InlineData("consul://[::1]:8501", "consul agent [::1]:8501")]
    public async Task A_url_names_one_agent_on_port_8500_unless_written(string url, string agent)
    {
        await using var registry = new ConsulRegistry(RegistryAddress.Parse(url));

        Assert.Equal(agent, registry.ToString());
        Assert.Equal(url, registry.Address.Text);
    }

    [Fact]
    public async Task The_plugin_registers_the_scheme_consul()
    {
        var builder = new ContainerBuilder();
        builder.RegisterModule(new ConsulRegistryPlugin());
        await using var container = builder.Build();

        var factory = container.ResolveNamed<RegistryFactory>("consul");
        await using var registry = factory.Open(RegistryAddress.Parse("consul://127.0.0.1:8500"));

        Assert.IsType<ConsulRegistry>(registry);
    }
}
