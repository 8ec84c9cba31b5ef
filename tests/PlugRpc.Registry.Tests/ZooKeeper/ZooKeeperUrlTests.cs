using Autofac;
using PlugRpc.Discovery;
using PlugRpc.Registry.ZooKeeper;

namespace PlugRpc.Registry.Tests.ZooKeeper;

/// <summary>What a zookeeper:// URL means, and the plugin registering the scheme; no server needed.</summary>
public sealed class ZooKeeperUrlTests
{
    [Fact]
    public void A_url_without_port_path_or_parameters_takes_the_defaults()
    {
        var settings = ZooKeeperRegistrySettings.From(RegistryAddress.Parse("zookeeper://zk1,zk2:2182"));
        Assert.Equal([("zk1", 2181), ("zk2", 2182)], settings.Members);
        Assert.Equal("/plugrpc", settings.BasePath);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.SessionTimeout);
        Assert.Equal("/plugrpc/arith", settings.AppPath("arith"));
        Assert.Equal("/plugrpc/arith/tcp@10.0.0.5:7000", settings.NodePath(new ServiceRegistration("arith", new ServiceInstance("tcp://10.0.0.5:7000"))));
    }

    [Fact]
    public void The_path_and_session_timeout_are_read_from_the_url()
    {
        var settings = ZooKeeperRegistrySettings.From(RegistryAddress.Parse("zookeeper://127.0.0.1:21810/services/rpc/?sessionTimeout=4s"));
        Assert.Equal("/services/rpc", settings.BasePath);
        Assert.Equal(TimeSpan.FromSeconds(4), settings.SessionTimeout);
        Assert.Equal("/arith", ZooKeeperRegistrySettings.From(RegistryAddress.Parse("zookeeper://h/")).AppPath("arith"));
    }

    [Theory]
    [InlineData("zookeeper:///plugrpc", "names no ZooKeeper host")]
    [InlineData("zookeeper://h:2181/p?sessionTimeout=soon", "sessionTimeout=soon")]
    [InlineData("zookeeper://h:2181/p?sessionTimeout=0", "sessionTimeout=0")]
    [InlineData("zookeeper://h:2181/p?timeout=2s", "zookeeper has no parameter 'timeout'; it takes sessionTimeout")]
    [InlineData("zookeeper://h:2181/a//b", "not a ZooKeeper path")]
    public void A_bad_url_is_refused_in_one_line(string url, string reason)
    {
        var failure = Assert.Throws<FormatException>(() => new ZooKeeperRegistry(RegistryAddress.Parse(url)));
        Assert.Contains(reason, failure.Message);
        Assert.DoesNotContain('\n', failure.Message);
    }

    [Fact]
    public async Task The_plugin_registers_the_scheme_zookeeper()
    {
        var builder = new ContainerBuilder();
        builder.RegisterModule(new ZooKeeperRegistryPlugin());
        await using var container = builder.Build();

        await using var registry = container.ResolveNamed<RegistryFactory>("zookeeper").Open(RegistryAddress.Parse("zookeeper://127.0.0.1:1/x"));

        Assert.IsType<ZooKeeperRegistry>(registry);
        Assert.Equal("zookeeper://127.0.0.1:1/x", registry.Address.Text);
    }
}
