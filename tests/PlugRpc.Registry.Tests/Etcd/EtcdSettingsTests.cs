using Autofac;
using PlugRpc.Discovery;
using PlugRpc.Plugins;
using PlugRpc.Registry.Etcd;

namespace PlugRpc.Registry.Tests.Etcd;

/// <summary>What an etcd:// URL means, what a bad one says, and the plugin's registration of the scheme.</summary>
public sealed class EtcdSettingsTests
{
    [Fact]
    public void A_url_names_its_endpoints_prefix_and_lease_ttl_with_the_default_port()
    {
        var settings = EtcdSettings.Parse(RegistryAddress.Parse("etcd://h1:23790,h2,[::1]:4000/services/prod?ttl=6s"));

        Assert.Equal([("h1", 23790), ("h2", 2379), ("::1", 4000)], settings.Endpoints);
        Assert.Equal("h1:23790,h2:2379,[::1]:4000", settings.EndpointList);
        Assert.Equal("http://h1:23790,http://h2:2379,http://[::1]:4000", settings.ConnectionString);
        Assert.Equal("/services/prod", settings.Prefix);
        Assert.Equal(TimeSpan.FromSeconds(6), settings.LeaseTtl);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.KeepAliveInterval);
    }

    [Theory]
    [InlineData("etcd://h", "/plugrpc")]
    [InlineData("etcd://h/", "")]
    [InlineData("etcd://h/a/b/", "/a/b")]
    public void The_prefix_is_plugrpc_without_a_path(string url, string prefix)
    {
        var settings = EtcdSettings.Parse(RegistryAddress.Parse(url));

        Assert.Equal(prefix, settings.Prefix);
        Assert.Equal(EtcdSettings.DefaultLeaseTtl, settings.LeaseTtl);
    }

    [Fact]
    public void Every_wait_follows_from_the_ttl_within_bounds()
    {
        var fast = EtcdSettings.Parse(RegistryAddress.Parse("etcd://h?ttl=2s"));
        var slow = EtcdSettings.Parse(RegistryAddress.Parse("etcd://h?ttl=1m"));

        Assert.InRange(fast.AttemptTimeout, TimeSpan.FromMilliseconds(500), fast.KeepAliveInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), slow.AttemptTimeout);
        Assert.True(fast.UnreachableAfter < fast.LeaseTtl + fast.AttemptTimeout);
    }

    [Theory]
    [InlineData("etcd:///prefix", "etcd names no endpoint")]
    [InlineData("etcd://h?ttl=soon", "ttl=soon is not a positive duration")]
    [InlineData("etcd://h?ttl=0s", "ttl=0s is not a positive duration")]
    [InlineData("etcd://h?ttl=1500ms", "ttl=1500ms is not a whole number of seconds")]
    [InlineData("etcd://h?tll=2s", "etcd has no parameter 'tll'")]
    public void A_bad_url_is_refused_in_one_line(string url, string expected)
    {
        var error = Assert.Throws<FormatException>(() => EtcdSettings.Parse(RegistryAddress.Parse(url)));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task The_plugin_opens_etcd_urls_and_refuses_bad_ones()
    {
        var builder = new ContainerBuilder();
        builder.AddPlugin<EtcdRegistryPlugin>();
        await using var container = builder.Build();
        var factory = container.ResolveNamed<RegistryFactory>("etcd");

        await using var registry = factory.Open(RegistryAddress.Parse("etcd://127.0.0.1:1/x?ttl=3s"));

        Assert.Equal(TimeSpan.FromSeconds(3), Assert.IsType<EtcdRegistry>(registry).Settings.LeaseTtl);
        Assert.Throws<FormatException>(() => factory.Open(RegistryAddress.Parse("etcd://?ttl=3s")));
    }
}
